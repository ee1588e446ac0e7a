using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>
/// One browser context and its page, with every console error and uncaught script error it reported, and every document
/// the page loaded (so a journey can prove it checked each one).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<int, bool> _checked = new();

    private BrowserSession(IBrowserContext context, IPage page, string viewport)
    {
        Context = context;
        Page = page;
        Viewport = viewport;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Viewport { get; }

    /// <summary>What the screen checks found worth reporting without failing (minor axe findings), for the test output.</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Console errors (a blocked inline style or script under the CSP shows up here) and page errors.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>
    /// Numbers every document the page loads (a link, a form's redirect, a reload; not a same-document #anchor jump) in
    /// the tab's sessionStorage, which survives navigation. Init scripts are added by the browser itself, so the app's
    /// CSP does not apply to them.
    /// </summary>
    private const string CountDocuments = """
        if (window === window.top && location.protocol.startsWith('http')) {
          const seen = JSON.parse(sessionStorage.getItem('test:documents') ?? '[]');
          seen.push(location.pathname + location.search);
          sessionStorage.setItem('test:documents', JSON.stringify(seen));
          window.testDocumentNumber = seen.length;
        }
        """;

    /// <summary>The documents loaded in the page that no screen check has looked at ("n: address").</summary>
    public async Task<IReadOnlyList<string>> UncheckedDocumentsAsync()
    {
        var seen = await Page.EvaluateAsync<string[]>("() => JSON.parse(sessionStorage.getItem('test:documents') ?? '[]')");
        return [.. seen.Select((url, i) => (url, n: i + 1)).Where(d => !_checked.ContainsKey(d.n)).Select(d => $"{d.n}: {d.url}")];
    }

    /// <summary>Marks the document now in the page as checked.</summary>
    internal async Task MarkCurrentDocumentCheckedAsync()
    {
        var number = await Page.EvaluateAsync<int?>("() => window.testDocumentNumber ?? null");
        Assert.True(number is not null, $"The document at {Page.Url} was not counted.");
        _checked[number.Value] = true;
    }

    internal static async Task<BrowserSession> StartAsync(IBrowserContext context, string viewport)
    {
        await context.AddInitScriptAsync(CountDocuments);
        var page = await context.NewPageAsync();
        var session = new BrowserSession(context, page, viewport);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session._errors.Enqueue($"{page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => session._errors.Enqueue($"{page.Url}: {error}");

        return session;
    }

    public ValueTask DisposeAsync() => Context.DisposeAsync();
}
