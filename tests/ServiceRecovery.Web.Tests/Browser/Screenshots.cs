namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// Where browser tests save their pictures: a folder beside the test binaries, or the repository's docs/screenshots when
/// SERVICERECOVERY_SCREENSHOTS=docs, so a plain <c>dotnet test</c> (and CI) leaves git clean. See decision 0032.
/// </summary>
public static class Screenshots
{
    public const string EnvironmentVariable = "SERVICERECOVERY_SCREENSHOTS";

    public static string Folder { get; } = FindFolder();

    private static string FindFolder()
    {
        if (string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "docs", StringComparison.Ordinal))
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "ServiceRecovery.sln")))
                {
                    return Directory.CreateDirectory(Path.Combine(dir.FullName, "docs", "screenshots")).FullName;
                }
            }
        }

        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }
}
