using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// The screens the app is built for: a counter tablet first, a phone second, the back-office desktop third. Phone and
/// tablet are mobile touch screens; the desktop is not mobile (classic scrollbars, no viewport meta scaling) but has
/// touch too, so the same tap steps drive every size.
/// </summary>
public static class Viewports
{
    public const string Tablet = "tablet";

    public const string Phone = "phone";

    public const string Desktop = "desktop";

    public static ViewportSize Size(string name) => name switch
    {
        Tablet => new ViewportSize { Width = 768, Height = 1024 },
        Phone => new ViewportSize { Width = 390, Height = 844 },
        Desktop => new ViewportSize { Width = 1280, Height = 800 },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown viewport."),
    };

    public static bool IsMobile(string name) => name != Desktop;

    /// <summary>The width in pixels, as used in screenshot file names (log-390.png).</summary>
    public static int Width(string name) => Size(name).Width;
}
