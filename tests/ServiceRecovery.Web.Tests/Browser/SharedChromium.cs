using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// One headless Chromium for the whole test run: every <see cref="BrowserFixture"/> (one app per test class) opens its
/// contexts in it. Started by the first class that needs it and closed when the test process exits, so classes running
/// side by side and one after another never pay for a second browser start.
/// </summary>
internal static class SharedChromium
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? _playwright;
    private static IBrowser? _browser;

    public static async Task<IBrowser> GetAsync(string executablePath)
    {
        await Gate.WaitAsync();
        try
        {
            if (_browser is { IsConnected: true })
            {
                return _browser;
            }

            if (_playwright is null)
            {
                _playwright = await Playwright.CreateAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Close();
            }

            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executablePath,
                Headless = true,
                ChromiumSandbox = false,
                Args = ChromiumLocator.Flags,
            });
            return _browser;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static void Close()
    {
        // ProcessExit handlers are synchronous; the browser and Playwright's driver must not outlive the test run.
        _browser?.CloseAsync().GetAwaiter().GetResult();
        _playwright?.Dispose();
    }
}
