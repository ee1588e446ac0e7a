using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Pages.TellUs;

/// <summary>
/// The app with low card limits: 3 posts per client and 5 per store per window, 2 card complaints per store and hour, 3 per
/// day, 2 praise and 2 suggestions a day. Test clients say which address they come from (every TestServer request has
/// none), so per-client and per-store limits can be told apart.
/// </summary>
public sealed class LowLimitsApp : AppFactory
{
    public const string ClientHeader = "X-Test-Client";

    /// <summary>The reverse proxy this app is told to trust (ReverseProxy:KnownProxies).</summary>
    public const string TrustedProxy = "10.9.9.9";

    protected override IReadOnlyDictionary<string, string> TellUsSettings { get; } = new Dictionary<string, string>
    {
        ["ClientPostsPerWindow"] = "3",
        ["StorePostsPerWindow"] = "5",
        ["Window"] = "01:00:00",
        ["ComplaintsPerStorePerHour"] = "2",
        ["ComplaintsPerStorePerDay"] = "3",
        ["PraisePerStorePerDay"] = "2",
        ["SuggestionsPerStorePerDay"] = "2",
    };

    public HttpClient Customer(string address, string? forwardedFor = null)
    {
        var client = this.CustomerClient();
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("ReverseProxy:KnownProxies:0", TrustedProxy);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader()));
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(ClientHeader, out var address))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Rate limits, the honeypot, caps with visible overflow, and size limits on the public card.</summary>
public sealed class TellUsAbuseTests(LowLimitsApp app) : IClassFixture<LowLimitsApp>
{
    [Fact]
    public async Task Behind_the_trusted_proxy_each_customer_has_their_own_limit_and_nobody_else_can_choose_theirs()
    {
        var (first, second, spoofed) = (await app.StoreAsync("Proxy limit A"), await app.StoreAsync("Proxy limit B"), await app.StoreAsync("Proxy limit C"));

        // Two customers reach the app through the trusted proxy: the first uses up their own window ...
        using var customer = app.Customer(LowLimitsApp.TrustedProxy, forwardedFor: "203.0.113.5");
        for (var i = 1; i <= 3; i++)
        {
            await customer.ThanksAsync(await customer.SendCardAsync(await app.CardPathAsync(first), TellUsSteps.Card("Suggestion", $"Proxy: idea {i}")));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await customer.SendCardAsync(await app.CardPathAsync(first), TellUsSteps.Card("Suggestion", "Proxy: idea 4"))).StatusCode);

        // ... and the next customer through the same proxy is not refused for it.
        using var next = app.Customer(LowLimitsApp.TrustedProxy, forwardedFor: "203.0.113.6");
        await next.ThanksAsync(await next.SendCardAsync(await app.CardPathAsync(second), TellUsSteps.Card("Suggestion", "Proxy: another customer")));

        // A client that is not the proxy cannot escape its limit by writing a new X-Forwarded-For each time.
        for (var i = 1; i <= 3; i++)
        {
            using var spoofer = app.Customer("10.0.0.77", forwardedFor: $"198.51.100.{i}");
            await spoofer.ThanksAsync(await spoofer.SendCardAsync(await app.CardPathAsync(spoofed), TellUsSteps.Card("Suggestion", $"Spoofed: idea {i}")));
        }

        using var again = app.Customer("10.0.0.77", forwardedFor: "198.51.100.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await again.SendCardAsync(await app.CardPathAsync(spoofed), TellUsSteps.Card("Suggestion", "Spoofed: idea 4"))).StatusCode);
    }

    [Fact]
    public async Task One_client_posting_too_often_gets_a_friendly_429_page_and_nothing_more_is_kept_even_at_another_store()
    {
        var (storeA, storeB) = (await app.StoreAsync("Client limit A"), await app.StoreAsync("Client limit B"));
        using var customer = app.Customer("10.0.0.1");

        for (var i = 1; i <= 3; i++)
        {
            await customer.ThanksAsync(await customer.SendCardAsync(await app.CardPathAsync(i == 3 ? storeB : storeA), TellUsSteps.Card("Suggestion", $"Client limit: idea {i}")));
        }

        var refused = await customer.SendCardAsync(await app.CardPathAsync(storeB), TellUsSteps.Card("Suggestion", "Client limit: idea 4"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("600", Answers.Header(refused, "Retry-After"));
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Equal("Thank you — that is a lot of cards at once", page.Text("h1"));
        Assert.Contains("wait ten minutes", page.Text("main"), StringComparison.Ordinal);
        Assert.Equal(await app.CardPathAsync(storeB), page.QuerySelector("main a")?.GetAttribute("href"));
        Assert.Empty(page.QuerySelectorAll("nav"));
        Assert.Equal(3, await app.WithDbAsync(db => db.Suggestions.CountAsync(s => s.Text.StartsWith("Client limit:"))));

        // Another customer is not held up by this one, and reading the card is never limited.
        using var other = app.Customer("10.0.0.2");
        await other.ThanksAsync(await other.SendCardAsync(await app.CardPathAsync(storeB), TellUsSteps.Card("Suggestion", "Client limit: someone else")));
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(await app.CardPathAsync(storeA))).StatusCode);
    }

    [Fact]
    public async Task A_store_receiving_too_many_posts_from_many_clients_answers_429_while_other_stores_still_take_cards()
    {
        var (busy, quiet) = (await app.StoreAsync("Store limit busy"), await app.StoreAsync("Store limit quiet"));

        for (var i = 1; i <= 5; i++)
        {
            using var customer = app.Customer($"10.0.1.{i}");
            await customer.ThanksAsync(await customer.SendCardAsync(await app.CardPathAsync(busy), TellUsSteps.Card("Praise", $"Store limit: praise {i}")));
        }

        using var sixth = app.Customer("10.0.1.6");
        var refused = await sixth.SendCardAsync(await app.CardPathAsync(busy), TellUsSteps.Card("Suggestion", "Store limit: one too many"));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Suggestions.AnyAsync(s => s.Text == "Store limit: one too many")));

        await sixth.ThanksAsync(await sixth.SendCardAsync(await app.CardPathAsync(quiet), TellUsSteps.Card("Suggestion", "Store limit: elsewhere")));
    }

    [Fact]
    public async Task A_filled_honeypot_is_thanked_like_anyone_but_nothing_is_kept_and_the_log_says_why()
    {
        var store = await app.StoreAsync("Honeypot store");
        using var bot = app.Customer("10.0.2.1");

        var sent = await bot.SendCardAsync(await app.CardPathAsync(store), TellUsSteps.Card("Complaint", "Honeypot: buy cheap watches", ("Website", "http://spam.example")));

        await bot.ThanksAsync(sent);
        Assert.False(await app.WithDbAsync(db => db.Cases.AnyAsync(c => c.StoreId == store)));
        Assert.Contains(app.Logs.Lines, l => l.Contains($"Tell-us card for store {store} dropped: the honeypot field was filled", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Contains("cheap watches", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Card_complaints_over_the_hourly_and_daily_caps_are_counted_not_kept_and_the_owner_sees_the_count()
    {
        var store = await app.StoreAsync("Capped store");
        var n = 0;
        async Task<HttpResponseMessage> Complain()
        {
            n++;
            using var customer = app.Customer($"10.0.3.{n}");
            return await customer.SendCardAsync(await app.CardPathAsync(store), TellUsSteps.Card("Complaint", $"Cap: complaint {n}"));
        }

        Assert.DoesNotContain("full=", Answers.Location(await Complain()), StringComparison.Ordinal);
        Assert.DoesNotContain("full=", Answers.Location(await Complain()), StringComparison.Ordinal);
        var over = await Complain();
        using (var reader = app.Customer("10.0.3.200"))
        {
            var page = await reader.ThanksAsync(over);
            Assert.Equal("Sorry — we could not keep your card", page.Text("h1"));
            Assert.Contains("tell a member of staff", page.Text("main"), StringComparison.Ordinal);
        }

        // The next hour takes one more (the day's cap is 3), then the day is full.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.DoesNotContain("full=", Answers.Location(await Complain()), StringComparison.Ordinal);
        Assert.Contains("full=True", Answers.Location(await Complain()), StringComparison.Ordinal);

        var kept = await app.WithDbAsync(db => db.Cases.Where(c => c.StoreId == store).Select(c => c.Description).ToListAsync());
        Assert.Equal(["Cap: complaint 1", "Cap: complaint 2", "Cap: complaint 4"], kept.Order(StringComparer.Ordinal));
        Assert.Equal(2, await app.WithDbAsync(db => db.CardOverflows.Where(o => o.StoreId == store && o.Kind == FeedbackKind.Complaint).SumAsync(o => o.Count)));

        using var owner = await app.SignedInClientAsync(Roles.Owner);
        var cards = await owner.GetDocumentAsync($"/Cards?store={store}");
        var rows = cards.QuerySelectorAll("#overflow tbody tr").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList()).ToList();
        Assert.Equal(2, rows.Where(r => r[1] == "Complaint").Sum(r => int.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Cards_arriving_at_the_same_moment_cannot_all_slip_under_the_cap()
    {
        var store = await app.StoreAsync("Simultaneous cards store");
        var path = await app.CardPathAsync(store);
        var customers = Enumerable.Range(1, 5).Select(i => app.Customer($"10.0.5.{i}")).ToList();
        try
        {
            // Five customers have the card open and press Send together; the cap is two praise a day.
            var pages = await Task.WhenAll(customers.Select(c => c.GetDocumentAsync(path)));
            var answers = await Task.WhenAll(customers.Select((c, i) => c.SubmitAsync(pages[i].Form(), TellUsSteps.Card("Praise", $"Together: praise {i}"))));
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        }
        finally
        {
            customers.ForEach(c => c.Dispose());
        }

        Assert.Equal(2, await app.WithDbAsync(db => db.Commendations.CountAsync(c => c.StoreId == store)));
        Assert.Equal(3, await app.WithDbAsync(db => db.CardOverflows.Where(o => o.StoreId == store && o.Kind == FeedbackKind.Praise).SumAsync(o => o.Count)));
    }

    [Fact]
    public async Task Praise_and_suggestions_have_daily_caps_of_their_own()
    {
        var store = await app.StoreAsync("Daily caps store");
        var n = 0;
        async Task<string?> Send(string kind)
        {
            n++;
            using var customer = app.Customer($"10.0.4.{n}");
            return Answers.Location(await customer.SendCardAsync(await app.CardPathAsync(store), TellUsSteps.Card(kind, $"Daily cap: {kind} {n}")));
        }

        Assert.DoesNotContain("full=", await Send("Praise"), StringComparison.Ordinal);
        Assert.DoesNotContain("full=", await Send("Praise"), StringComparison.Ordinal);
        Assert.Contains("full=True", await Send("Praise"), StringComparison.Ordinal);
        Assert.DoesNotContain("full=", await Send("Suggestion"), StringComparison.Ordinal);
        app.Clock.Advance(TimeSpan.FromHours(25));
        Assert.DoesNotContain("full=", await Send("Praise"), StringComparison.Ordinal);

        Assert.Equal(3, await app.WithDbAsync(db => db.Commendations.CountAsync(c => c.StoreId == store)));
        Assert.Equal(1, await app.WithDbAsync(db => db.CardOverflows.Where(o => o.StoreId == store && o.Kind == FeedbackKind.Praise).SumAsync(o => o.Count)));
    }

    [Fact]
    public async Task An_oversized_post_is_refused_without_an_error_page_and_keeps_nothing()
    {
        var store = await app.StoreAsync("Oversized store");
        using var customer = app.Customer("10.0.5.1");
        var page = await customer.GetDocumentAsync(await app.CardPathAsync(store));
        var fields = page.Form().Fill(TellUsSteps.Card("Suggestion", "Oversized")).Fields()
            .Select(f => f.Key == "Card.Text" ? new KeyValuePair<string, string>(f.Key, new string('x', 1024 * 1024)) : f).ToList();

        var answer = await customer.PostFieldsAsync(await app.CardPathAsync(store), fields);

        Assert.True((int)answer.StatusCode is >= 400 and < 500, Answers.Describe(answer));
        Assert.False(await app.WithDbAsync(db => db.Suggestions.AnyAsync(s => s.StoreId == store)));
    }
}
