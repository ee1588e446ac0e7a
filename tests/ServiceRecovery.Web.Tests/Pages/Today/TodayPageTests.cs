using System.Globalization;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;

namespace ServiceRecovery.Web.Tests.Pages.Today;

/// <summary>"Today at this store": the cases logged on the store's local day, each with its status and next step.</summary>
public sealed class TodayPageTests(AppFactory factory) : AppTestBase(factory)
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

    [Fact]
    public async Task Cases_logged_today_are_listed_with_their_status_and_next_step()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var loggedAt = LocalNow();
        await Client.LogCaseAsync($"Needs apology {tag}");
        var (_, page) = await Client.LogCaseAsync($"Needs follow-up {tag}", "MissingItem");
        await Client.ApologiseAsync(page);
        (_, page) = await Client.LogCaseAsync($"Already resolved {tag}", "Quality");
        page = await Client.ApologiseAsync(page);
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        page = await Client.FollowUpAsync(page, "Delighted");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await Client.ResolveAsync(page);

        var today = await Client.GetDocumentAsync("/Today");

        var needsApology = Row(today, $"Needs apology {tag}");
        Assert.Contains("Wrong order", needsApology.TextContent, StringComparison.Ordinal);
        Assert.Contains("Awaiting apology", needsApology.TextContent, StringComparison.Ordinal);
        Assert.Equal("Record the apology", needsApology.Text("strong"));

        var needsFollowUp = Row(today, $"Needs follow-up {tag}");
        Assert.Contains("Missing item", needsFollowUp.TextContent, StringComparison.Ordinal);
        Assert.Contains("Awaiting follow-up", needsFollowUp.TextContent, StringComparison.Ordinal);
        Assert.Equal("Manager follow-up", needsFollowUp.Text("strong"));

        var resolved = Row(today, $"Already resolved {tag}");
        Assert.Contains("Resolved — won back", resolved.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Next:", resolved.TextContent, StringComparison.Ordinal);

        // Each row links to its case, and the time shown is the store's local time.
        var link = needsApology.QuerySelector("a") as IHtmlAnchorElement;
        Assert.NotNull(link);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(new Uri(link.PathName, UriKind.Relative))).StatusCode);
        Assert.Contains(loggedAt.ToString("HH:mm", CultureInfo.InvariantCulture), needsApology.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_logged_yesterday_is_not_listed_today()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        await Client.LogCaseAsync($"Logged the day before {tag}");
        Assert.Contains(Descriptions(await Client.GetDocumentAsync("/Today")), d => d.Contains(tag, StringComparison.Ordinal));

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await SignInAgainAsync();
        await Client.LogCaseAsync($"Logged on the next day {tag}");
        var today = await Client.GetDocumentAsync("/Today");

        var listed = Descriptions(today);
        Assert.DoesNotContain(listed, d => d.Contains($"Logged the day before {tag}", StringComparison.Ordinal));
        Assert.Contains(listed, d => d.Contains($"Logged on the next day {tag}", StringComparison.Ordinal));
        Assert.Contains(LocalNow().ToString("dddd d MMMM", CultureInfo.InvariantCulture), today.Text("h1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Today_is_the_stores_local_day_in_prague_not_the_utc_day()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var day = LocalNow().Date.AddDays(2);

        // 23:50 the evening before and 00:20 on the day, store time: both fall on the UTC day before, as Prague is ahead of UTC.
        Factory.Clock.SetUtcNow(AtPragueTime(day.AddDays(-1).AddHours(23).AddMinutes(50)));
        await SignInAgainAsync();
        await Client.LogCaseAsync($"Before local midnight {tag}");
        Factory.Clock.SetUtcNow(AtPragueTime(day.AddMinutes(20)));
        await Client.LogCaseAsync($"After local midnight {tag}");

        // 22:30 on the day, store time, is still that date in UTC: a list by UTC day would show neither case; the store's day shows one.
        Factory.Clock.SetUtcNow(AtPragueTime(day.AddHours(22).AddMinutes(30)));
        await SignInAgainAsync();
        var today = await Client.GetDocumentAsync("/Today");

        var listed = Descriptions(today);
        Assert.Contains(listed, d => d.Contains($"After local midnight {tag}", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, d => d.Contains($"Before local midnight {tag}", StringComparison.Ordinal));
        Assert.Contains("00:20", Row(today, $"After local midnight {tag}").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_store_can_be_named_in_the_link_and_an_unknown_store_is_not_found()
    {
        var storeId = await Factory.DefaultStoreIdAsync();

        var known = await Client.GetAsync(new Uri($"/Today?storeId={storeId}", UriKind.Relative));
        var unknown = await Client.GetAsync(new Uri("/Today?storeId=424242", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, known.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static IElement Row(IHtmlDocument page, string description)
    {
        var rows = page.QuerySelectorAll("#today-cases .case-row").Where(r => r.TextContent.Contains(description, StringComparison.Ordinal)).ToList();
        return Assert.Single(rows);
    }

    [Fact]
    public async Task My_open_cases_from_earlier_days_are_listed_but_not_others_or_resolved_ones()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        using var cashier = await Factory.SignedInClientAsync(ServiceRecovery.Web.Domain.Roles.Cashier);
        await cashier.LogCaseAsync($"Mine still open {tag}");
        var (_, resolved) = await cashier.LogCaseAsync($"Mine resolved {tag}");
        await Client.LogCaseAsync($"Someone else's {tag}");
        resolved = await Client.ApologiseAsync(await Client.GetDocumentAsync(resolved.Url));
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        resolved = await Client.FollowUpAsync(resolved);
        await Client.ResolveAsync(resolved);

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await Factory.SignedInClientAsync(ServiceRecovery.Web.Domain.Roles.Cashier);
        var today = await nextDay.GetDocumentAsync("/Today");

        var mine = today.QuerySelectorAll("#my-open-cases .case-row").Select(r => r.TextContent).ToList();
        Assert.Contains(mine, d => d.Contains($"Mine still open {tag}", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, d => d.Contains($"Mine resolved {tag}", StringComparison.Ordinal));
        Assert.DoesNotContain(mine, d => d.Contains($"Someone else's {tag}", StringComparison.Ordinal));
        Assert.DoesNotContain(Descriptions(today), d => d.Contains(tag, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Of_many_open_cases_from_earlier_days_the_most_recent_are_listed_newest_first()
    {
        var store = await Factory.NewStoreAsync("Today earlier cases");
        var login = await Factory.CreateStaffAsync("Busy cashier", ServiceRecovery.Web.Domain.Roles.Cashier, store);
        using var cashier = await Factory.SignedInClientAsync(login);
        var shown = ServiceRecovery.Web.Pages.Today.TodayAtStore.EarlierOpenShown;
        for (var i = 1; i <= shown + 2; i++)
        {
            await cashier.LogAtAsync(store, $"Earlier case {i:00}");
            Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Factory.Clock.Advance(TimeSpan.FromDays(1));
        using var nextDay = await Factory.SignedInClientAsync(login);
        var today = await nextDay.GetDocumentAsync($"/Today?storeId={store}");

        var listed = today.QuerySelectorAll("#my-open-cases .case-row")
            .Select(r => System.Text.RegularExpressions.Regex.Match(r.TextContent, @"Earlier case (\d\d)").Groups[1].Value)
            .ToList();
        Assert.Equal(Enumerable.Range(3, shown).Reverse().Select(i => i.ToString("00", CultureInfo.InvariantCulture)), listed);
    }

    private static List<string> Descriptions(IHtmlDocument page) =>
        page.QuerySelectorAll("#today-cases .case-row").Select(r => r.TextContent).ToList();

    private static DateTimeOffset AtPragueTime(DateTime local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Prague), TimeSpan.Zero);

    private DateTime LocalNow() => TimeZoneInfo.ConvertTimeFromUtc(Factory.Clock.GetUtcNow().UtcDateTime, Prague);
}
