using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>The screens the app is built for: a counter tablet first, a phone second. Both are touch screens.</summary>
public static class Viewports
{
    public const string Tablet = "tablet";

    public const string Phone = "phone";

    public static ViewportSize Size(string name) => name switch
    {
        Tablet => new ViewportSize { Width = 768, Height = 1024 },
        Phone => new ViewportSize { Width = 390, Height = 844 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown viewport."),
    };
}
