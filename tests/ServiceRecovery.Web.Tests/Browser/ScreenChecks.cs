using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// What every screen of a journey must pass, at every viewport: no sideways scrolling, no zoomed-out layout, the screen's
/// primary action visible and big enough to tap, and no serious or critical axe-core violation. A journey calls
/// <see cref="CheckScreenAsync"/> on every document it loads and ends with <see cref="AssertEveryScreenCheckedAsync"/>.
/// </summary>
public static class ScreenChecks
{
    /// <summary>WCAG 2.5.5's target size: 44 CSS pixels each way.</summary>
    private const double MinimumTarget = 44;

    private static readonly string[] Failing = ["serious", "critical"];

    /// <summary>
    /// Violations only (axe skips collecting passes), and no iframe pass: the app has no iframes, and with it the
    /// binding runs each frame separately and then opens a blank page to merge the results — seconds per screen.
    /// </summary>
    private static readonly AxeRunOptions AxeOptions = new()
    {
        ResultTypes = [ResultType.Violations],
        Iframes = false,
    };

    /// <param name="session">The journey's browser session, on the screen to check.</param>
    /// <param name="screen">The screen's name in messages and in its screenshot file (<c>{screen}-{width}.png</c>).</param>
    /// <param name="primaryAction">The one thing this screen is for (Save, Sign in, Show, …).</param>
    /// <param name="primaryOnFirstScreen">True when the action must show without scrolling (the header's "Log a failure").</param>
    /// <param name="photograph">Save a full-page screenshot of the screen as it is now.</param>
    public static async Task CheckScreenAsync(this BrowserSession session, string screen, ILocator primaryAction, bool primaryOnFirstScreen = false, bool photograph = false)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(primaryAction);
        var page = session.Page;
        var where = $"{screen} at {session.Viewport} ({page.Url})";
        await page.WaitForLoadStateAsync(LoadState.Load);

        var overflow = await page.HorizontalOverflowAsync();
        Assert.True(overflow is null, $"{where} scrolls sideways: {overflow}");
        var scale = await page.EvaluateAsync<double>("() => window.visualViewport.scale");
        Assert.True(Math.Abs(scale - 1) < 0.001, $"{where} is shown zoomed (scale {scale}): the layout does not fit the screen.");

        var header = await HeaderRowsAsync(page);
        Assert.True(header is null, $"{where}: the header's controls wrap onto more than one row: {header}");

        await AssertPrimaryActionShownAsync(page, primaryAction, primaryOnFirstScreen, where);

        if (photograph)
        {
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
            await page.ScreenshotAsync(new PageScreenshotOptions
            {
                Path = Path.Combine(Screenshots.Folder, $"{screen}-{Viewports.Width(session.Viewport)}.png"),
                FullPage = true,
                Type = ScreenshotType.Png,
                Animations = ScreenshotAnimations.Disabled,
            });
        }

        // Collapsed sections hold forms; open them for the audit so axe sees every control, then close them again.
        var opened = await page.EvaluateAsync<int>("() => { const closed = [...document.querySelectorAll('details:not([open])')]; closed.forEach(d => { d.open = true; d.dataset.testOpened = ''; }); return closed.length; }");
        if (opened > 0)
        {
            overflow = await page.HorizontalOverflowAsync();
            Assert.True(overflow is null, $"{where} scrolls sideways with its sections open: {overflow}");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var axe = await page.RunAxe(AxeOptions);
        watch.Stop();
        await page.EvaluateAsync("() => document.querySelectorAll('details[data-test-opened]').forEach(d => { d.open = false; delete d.dataset.testOpened; })");
        var failures = axe.Violations.Where(v => Failing.Contains(v.Impact)).ToList();
        Assert.True(failures.Count == 0, $"axe-core {axe.TestEngine?.Version} finds serious or critical problems on {where}:\n{Describe(failures)}");
        session.Notes.Add($"{screen} ({session.Viewport}): axe {axe.Violations.Length} minor/moderate violations in {watch.ElapsedMilliseconds} ms{(axe.Violations.Length > 0 ? ": " + string.Join(", ", axe.Violations.Select(v => $"{v.Id} ({v.Impact})")) : string.Empty)}");

        await session.MarkCurrentDocumentCheckedAsync();
    }

    /// <summary>Every document the journey loaded went through <see cref="CheckScreenAsync"/>, and no script or CSP error was reported.</summary>
    public static async Task AssertEveryScreenCheckedAsync(this BrowserSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var notChecked = await session.UncheckedDocumentsAsync();
        Assert.True(notChecked.Count == 0, $"At {session.Viewport}, these pages were visited but never checked:\n{string.Join('\n', notChecked)}");
        Assert.Empty(session.Errors);
    }

    /// <summary>Null when every control shown in the header (outside an opened menu) sits on one row; else their tops.</summary>
    private static Task<string?> HeaderRowsAsync(IPage page) => page.EvaluateAsync<string?>("""
        () => {
          const controls = [...document.querySelectorAll('header a, header summary, header button')]
            .filter(e => e.checkVisibility() && !e.closest('.nav-menu-panel'));
          const tops = controls.map(e => Math.round(e.getBoundingClientRect().top));
          return tops.length === 0 || Math.max(...tops) - Math.min(...tops) <= 4
            ? null
            : controls.map((e, i) => `${e.textContent.trim()} at ${tops[i]}px`).join(', ');
        }
        """);

    private static async Task AssertPrimaryActionShownAsync(IPage page, ILocator action, bool onFirstScreen, string where)
    {
        Assert.True(await action.CountAsync() == 1, $"{where}: expected exactly one primary action {action}, found {await action.CountAsync()}.");
        if (onFirstScreen)
        {
            await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        }
        else
        {
            await action.ScrollIntoViewIfNeededAsync();
        }

        Assert.True(await action.IsVisibleAsync(), $"{where}: the primary action {action} is not visible.");
        var box = await action.BoundingBoxAsync();
        Assert.NotNull(box);
        var view = await page.EvaluateAsync<double[]>("() => [document.scrollingElement.clientWidth, window.innerHeight]");
        var (width, height) = (view[0], view[1]);
        Assert.True(
            box.X >= 0 && box.X + box.Width <= width + 0.5 && box.Y >= 0 && box.Y + box.Height <= height + 0.5,
            $"{where}: the primary action {action} lies outside the {width}×{height} screen{(onFirstScreen ? " without scrolling" : string.Empty)} (box {box.X:0},{box.Y:0} {box.Width:0}×{box.Height:0}).");
        Assert.True(box.Width >= MinimumTarget - 0.5 && box.Height >= MinimumTarget - 0.5, $"{where}: the primary action {action} is {box.Width:0}×{box.Height:0} px, smaller than {MinimumTarget} px to tap.");
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) => string.Join('\n', violations.Select(v =>
        $"- {v.Id} ({v.Impact}): {v.Help} — {v.HelpUrl}\n" + string.Join('\n', v.Nodes.Take(5).Select(n => $"    {n.Target}: {n.Html}"))));
}
