using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The same app as <see cref="AppFactory"/> (own SQLite file, test clock, captured logs), served by Kestrel on a free port so a real browser can reach it.</summary>
public sealed class BrowserAppFactory : AppFactory
{
    public BrowserAppFactory() => UseKestrel(0);

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        return ClientOptions.BaseAddress;
    }
}
