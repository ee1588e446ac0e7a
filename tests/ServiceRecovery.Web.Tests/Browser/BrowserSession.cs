using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>One browser context and its page, with every console error and uncaught script error it reported.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _errors = new();

    private BrowserSession(IBrowserContext context, IPage page, string viewport)
    {
        Context = context;
        Page = page;
        Viewport = viewport;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Viewport { get; }

    /// <summary>Console errors (a blocked inline style or script under the CSP shows up here) and page errors.</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    internal static async Task<BrowserSession> StartAsync(IBrowserContext context, string viewport)
    {
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
