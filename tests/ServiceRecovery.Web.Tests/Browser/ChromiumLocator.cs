namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// Finds the Chromium the browser tests drive: the one named by SERVICERECOVERY_CHROMIUM, else Debian's
/// /usr/bin/chromium, else <c>chromium</c> on PATH. Playwright never downloads a browser here.
/// </summary>
public sealed class ChromiumLocator
{
    public const string EnvironmentVariable = "SERVICERECOVERY_CHROMIUM";

    public const string DebianPath = "/usr/bin/chromium";

    public const string NotFoundMessage = "No Chromium found: install chromium or set SERVICERECOVERY_CHROMIUM";

    /// <summary>
    /// How Chromium must start on these machines: headless, no sandbox (CI runs as root), and none of the
    /// background connections that a closed network refuses.
    /// </summary>
    public static IReadOnlyList<string> Flags { get; } =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    private ChromiumLocator(string? path, string? problem)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The browser's executable, or null when none was found.</summary>
    public string? Path { get; }

    /// <summary>Why there is no browser, worded for the test output; null when one was found.</summary>
    public string? Problem { get; }

    public static ChromiumLocator Find() => Find(Environment.GetEnvironmentVariable, File.Exists);

    /// <summary>The search itself, with the environment and the file system passed in so it can be tested.</summary>
    public static ChromiumLocator Find(Func<string, string?> environment, Func<string, bool> fileExists)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(fileExists);
        var inCi = string.Equals(environment("CI"), "true", StringComparison.OrdinalIgnoreCase);
        var named = environment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(named))
        {
            return fileExists(named)
                ? new ChromiumLocator(named, null)
                : Missing(inCi, $"{EnvironmentVariable} is '{named}', which does not exist.");
        }

        if (fileExists(DebianPath))
        {
            return new ChromiumLocator(DebianPath, null);
        }

        var onPath = (environment("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "chromium"))
            .FirstOrDefault(fileExists);
        return onPath is not null
            ? new ChromiumLocator(onPath, null)
            : Missing(inCi, $"Looked at {EnvironmentVariable} (not set), {DebianPath} and 'chromium' on PATH.");
    }

    private static ChromiumLocator Missing(bool inCi, string detail)
    {
        var verdict = inCi
            ? "CI=true, so browser tests must run: .ci/run installs Debian's chromium package before 'dotnet test'."
            : "This browser test did NOT run; it fails so that a missing browser is never mistaken for a pass.";
        return new ChromiumLocator(null, $"{NotFoundMessage}. {detail} {verdict}");
    }
}
