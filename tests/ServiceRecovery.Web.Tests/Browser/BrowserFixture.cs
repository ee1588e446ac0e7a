using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// One app on a real port per test class, and contexts in the run's one headless Chromium (<see cref="SharedChromium"/>).
/// Each test opens its own <see cref="BrowserSession"/> (a fresh browser context: own cookies, own viewport).
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    private IBrowser? _browser;

    public BrowserFixture()
        : this(new BrowserAppFactory())
    {
    }

    protected BrowserFixture(BrowserAppFactory app) => App = app;

    public BrowserAppFactory App { get; }

    public ChromiumLocator Chromium { get; } = ChromiumLocator.Find();

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        BaseAddress = App.Start();
        if (Chromium.Path is not null)
        {
            _browser = await SharedChromium.GetAsync(Chromium.Path);
        }
    }

    /// <summary>A new touch-screen browser context at the named viewport, or a failure saying why no browser runs.</summary>
    public async Task<BrowserSession> OpenAsync(string viewport)
    {
        if (_browser is null)
        {
            throw new Xunit.Sdk.XunitException(Chromium.Problem);
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = Viewports.Size(viewport),
            DeviceScaleFactor = 1,
            IsMobile = Viewports.IsMobile(viewport),
            HasTouch = true,
            Locale = "en-US",
            AcceptDownloads = true,

            // Charts draw at once instead of animating: screenshots show them finished and "drawn" is a settled state.
            ReducedMotion = ReducedMotion.Reduce,
        });
        return await BrowserSession.StartAsync(context, viewport);
    }

    /// <summary>A new browser context at the named viewport, signed in through the login page as the app's standard staff member of that role.</summary>
    public async Task<BrowserSession> OpenAsAsync(string viewport, string role)
    {
        var login = await App.StandardStaffAsync(role);
        var session = await OpenAsync(viewport);
        try
        {
            await session.Page.SignInAsync(login);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
