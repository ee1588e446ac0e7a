namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>How the browser tests find Chromium, and what they say when there is none.</summary>
public sealed class ChromiumLocatorTests
{
    [Fact]
    public void The_environment_variable_wins_over_Debians_path()
    {
        var found = ChromiumLocator.Find(Env(("SERVICERECOVERY_CHROMIUM", "/opt/chrome/chrome")), Exists("/opt/chrome/chrome", "/usr/bin/chromium"));
        Assert.Equal("/opt/chrome/chrome", found.Path);
        Assert.Null(found.Problem);
    }

    [Fact]
    public void A_variable_naming_a_missing_file_is_an_error_not_a_fallback()
    {
        var found = ChromiumLocator.Find(Env(("SERVICERECOVERY_CHROMIUM", "/nowhere/chromium")), Exists("/usr/bin/chromium"));
        Assert.Null(found.Path);
        Assert.StartsWith(ChromiumLocator.NotFoundMessage, found.Problem, StringComparison.Ordinal);
        Assert.Contains("/nowhere/chromium", found.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Debians_chromium_is_used_when_nothing_is_named()
    {
        var found = ChromiumLocator.Find(Env(("PATH", "/usr/local/bin:/usr/bin")), Exists("/usr/bin/chromium"));
        Assert.Equal("/usr/bin/chromium", found.Path);
    }

    [Fact]
    public void Otherwise_chromium_is_looked_for_on_the_path()
    {
        var found = ChromiumLocator.Find(Env(("PATH", "/snap/bin:/home/me/bin")), Exists("/home/me/bin/chromium"));
        Assert.Equal("/home/me/bin/chromium", found.Path);
    }

    [Fact]
    public void Without_a_browser_the_message_says_the_test_did_not_run()
    {
        var found = ChromiumLocator.Find(Env(("PATH", "/usr/bin")), Exists());
        Assert.Null(found.Path);
        Assert.StartsWith("No Chromium found: install chromium or set SERVICERECOVERY_CHROMIUM", found.Problem, StringComparison.Ordinal);
        Assert.Contains("did NOT run", found.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_browser_on_CI_the_message_says_browser_tests_must_run()
    {
        var found = ChromiumLocator.Find(Env(("PATH", "/usr/bin"), ("CI", "true")), Exists());
        Assert.Null(found.Path);
        Assert.StartsWith(ChromiumLocator.NotFoundMessage, found.Problem, StringComparison.Ordinal);
        Assert.Contains("CI=true, so browser tests must run", found.Problem, StringComparison.Ordinal);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static Func<string, bool> Exists(params string[] files) => files.Contains;
}
