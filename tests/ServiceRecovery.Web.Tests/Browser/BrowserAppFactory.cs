using Microsoft.AspNetCore.Hosting;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The same app as <see cref="AppFactory"/> (own SQLite file, test clock, captured logs), served by Kestrel on a free port so a real browser can reach it.</summary>
public sealed class BrowserAppFactory : AppFactory
{
    private readonly bool _seedDemo;

    /// <param name="seedDemo">Start as <c>--seed-demo</c> does: the demo chain, its accounts and twelve weeks of cases ending at the test clock's now.</param>
    public BrowserAppFactory(bool seedDemo = false)
    {
        _seedDemo = seedDemo;
        UseKestrel(0);
    }

    /// <summary>Starts Kestrel and returns the address it listens on.</summary>
    public Uri Start()
    {
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (_seedDemo)
        {
            builder.UseSetting("SeedDemo", "true");
        }
    }
}
