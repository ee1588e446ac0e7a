namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>A browser fixture whose app starts as <c>--seed-demo</c> does: the demo chain and twelve weeks of its cases, ending at the test clock's now.</summary>
public sealed class DemoChainFixture : BrowserFixture
{
    public DemoChainFixture()
        : base(new BrowserAppFactory(seedDemo: true))
    {
    }
}
