using System.Security.Cryptography;

namespace ServiceRecovery.Web.Infrastructure.Auth;

/// <summary>
/// First run: the app has no users. While no owner exists, /Setup creates the first one. Outside Development it asks
/// for a one-time setup code that only someone with access to the server's data folder can read — so a fresh,
/// exposed instance cannot be claimed by whoever finds it first. There is never a default password.
/// </summary>
public sealed class OwnerSetup(string dataDirectory)
{
    public string CodePath { get; } = Path.Combine(dataDirectory, "setup-code.txt");

    /// <summary>Writes a fresh code (if none is waiting) and returns the file's path.</summary>
    public string EnsureCode()
    {
        if (!File.Exists(CodePath))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CodePath)!);
            File.WriteAllText(CodePath, Convert.ToHexString(RandomNumberGenerator.GetBytes(8)) + Environment.NewLine);
        }

        return CodePath;
    }

    public bool Matches(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || !File.Exists(CodePath))
        {
            return false;
        }

        var expected = File.ReadAllText(CodePath).Trim();
        return CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(expected.ToUpperInvariant()),
            System.Text.Encoding.UTF8.GetBytes(code.Trim().ToUpperInvariant()));
    }

    public void Consume()
    {
        if (File.Exists(CodePath))
        {
            File.Delete(CodePath);
        }
    }
}
