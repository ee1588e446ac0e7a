using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>Each filter of the queue, from the query string (so a view can be bookmarked), with its counts.</summary>
public sealed class QueueFilterTests(AppFactory factory) : AppTestBase(factory)
{
    private sealed record World(HttpClient Manager, int StoreA, int StoreB, int WrongMinorLate, int MissingMajor, int WrongModerate, int InB, int Pending);

    /// <summary>
    /// Store A (Prague): a wrong order logged yesterday (local) and not apologised — overdue; a major missing item,
    /// apologised; a moderate wrong order, apologised, with a compensation waiting for approval.
    /// Store B: one quality case. The manager manages both stores.
    /// </summary>
    private async Task<World> ArrangeAsync()
    {
        await SignInAgainAsync();
        var storeA = await Factory.NewStoreAsync("Filter A");
        var storeB = await Factory.NewStoreAsync("Filter B");
        var (late, _) = await Client.LogAtAsync(storeA, "Wrong burger, nobody apologised");
        Factory.Clock.Advance(TimeSpan.FromDays(1));
        await SignInAgainAsync();
        var (major, majorPage) = await Client.LogAtAsync(storeA, "Whole delivery missing", "Major", "MissingItem");
        await Client.ApologiseAsync(majorPage);
        var (moderate, moderatePage) = await Client.LogAtAsync(storeA, "Wrong drinks", "Moderate");
        await Client.ApologiseAsync(moderatePage);
        using (var cashier = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Filter cashier", Roles.Cashier, storeA)))
        {
            await cashier.ActAsync(await cashier.GetDocumentAsync($"/Cases/{moderate}"), "Compensation", new Dictionary<string, string>
            {
                ["Compensation.Kind"] = "Refund",
                ["Compensation.Description"] = "Party refunded",
                ["Compensation.Amount"] = "60",
            });
        }

        var (inB, _) = await Client.LogAtAsync(storeB, "Cold soup", failureType: "Quality");
        var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Filter manager", Roles.Manager, storeA, storeB));
        return new World(manager, storeA, storeB, late, major, moderate, inB, moderate);
    }

    [Fact]
    public async Task Each_filter_narrows_the_queue_and_every_value_shows_how_many_it_would_show()
    {
        var w = await ArrangeAsync();
        using var manager = w.Manager;

        var all = await manager.GetDocumentAsync("/Queue");
        Assert.Equal(4, all.QueueIds().Count);
        Assert.Equal("Wrong order (2)", all.Option("filter-type", "WrongOrder"));
        Assert.Equal("Missing item (1)", all.Option("filter-type", "MissingItem"));
        Assert.Equal("Cleanliness (0)", all.Option("filter-type", "Cleanliness"));
        Assert.Equal("Major (1)", all.Option("filter-severity", "Major"));
        Assert.Equal("Minor (2)", all.Option("filter-severity", "Minor"));
        Assert.Equal("Approve compensation (1)", all.Option("filter-next", "Approve"));
        Assert.Equal("Apologise (2)", all.Option("filter-next", "Apologise"));
        Assert.Equal("Manager follow-up (1)", all.Option("filter-next", "FollowUp"));
        Assert.Contains("(3)", all.Option("filter-store", w.StoreA.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal);
        Assert.Contains("(1)", all.Option("filter-store", w.StoreB.ToString(System.Globalization.CultureInfo.InvariantCulture)), StringComparison.Ordinal);
        Assert.Equal("Overdue only (1)", all.QuerySelector("label[for='filter-overdue']")!.TextContent.Trim());
        Assert.Equal("1", all.Text("#stat-approvals"));

        Assert.Equal([w.InB], (await manager.GetDocumentAsync($"/Queue?store={w.StoreB}")).QueueIds());
        var byType = await manager.GetDocumentAsync("/Queue?type=WrongOrder");
        Assert.Equal([w.Pending, w.WrongMinorLate], byType.QueueIds());
        Assert.Equal("WrongOrder", byType.FieldValue("type"));
        Assert.Equal("2 open cases match", byType.Text("#queue-matching"));
        Assert.Equal([w.MissingMajor], (await manager.GetDocumentAsync("/Queue?severity=Major")).QueueIds());
        Assert.Equal([w.Pending], (await manager.GetDocumentAsync("/Queue?next=Approve")).QueueIds());
        Assert.Equal([w.MissingMajor], (await manager.GetDocumentAsync("/Queue?next=FollowUp")).QueueIds());
        var overdue = await manager.GetDocumentAsync("/Queue?overdue=true");
        Assert.Equal([w.WrongMinorLate], overdue.QueueIds());
        Assert.Equal("true", overdue.FieldValue("overdue"));

        // Filters combine, and each filter's counts follow the others.
        var combined = await manager.GetDocumentAsync($"/Queue?store={w.StoreA}&severity=Minor");
        Assert.Equal([w.WrongMinorLate], combined.QueueIds());
        Assert.Equal("Wrong order (1)", combined.Option("filter-type", "WrongOrder"));
        Assert.Equal("Food or product quality (0)", combined.Option("filter-type", "Quality"));
        Assert.Equal("Moderate (1)", combined.Option("filter-severity", "Moderate"));
    }

    [Fact]
    public async Task The_date_range_is_in_the_stores_own_calendar()
    {
        var w = await ArrangeAsync();
        using var manager = w.Manager;
        var today = TimeZoneInfo.ConvertTimeFromUtc(Factory.Clock.GetUtcNow().UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).Date;
        string Day(DateTime d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var yesterday = await manager.GetDocumentAsync($"/Queue?from={Day(today.AddDays(-1))}&to={Day(today.AddDays(-1))}");
        Assert.Equal([w.WrongMinorLate], yesterday.QueueIds());
        Assert.Equal(Day(today.AddDays(-1)), yesterday.FieldValue("from"));
        Assert.Equal("Wrong order (1)", yesterday.Option("filter-type", "WrongOrder"));
        Assert.Equal("4", yesterday.Text("#stat-open"));

        var fromToday = await manager.GetDocumentAsync($"/Queue?from={Day(today)}");
        Assert.Equal(3, fromToday.QueueIds().Count);
        Assert.DoesNotContain(w.WrongMinorLate, fromToday.QueueIds());
        Assert.Empty((await manager.GetDocumentAsync($"/Queue?to={Day(today.AddDays(-2))}")).QueueIds());
    }
}
