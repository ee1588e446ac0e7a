using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.TellUs;

/// <summary>
/// A card complaint's customer is not in the store (decision 0047): its apology comes when a manager contacts them, due at
/// the follow-up target, not within the counter's minutes; until that contact it is urgent in the queue. Each test has a
/// store of its own with short targets (apology 5 min, follow-up 2 h, major 1 h).
/// </summary>
public sealed class CardComplaintDeadlineTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_card_complaint_enters_the_queue_urgent_above_an_overdue_case_and_asks_for_a_contact_due_at_the_major_follow_up_target()
    {
        var store = await Factory.NewStoreAsync("Card queue");
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var overdueMinor = await Factory.CaseAtAsync(store, now.AddMinutes(-10));
        var freshMajor = await Factory.CaseAtAsync(store, now.AddMinutes(-1), severity: Severity.Major);
        var card = await SendComplaintAsync(store, "Card queue: cold soup, and nobody came to the table.");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Card queue manager", Roles.Manager, store));

        // Urgent from the start (the customer is waiting for us), major: first, above the minor case that is already late.
        var queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal([card, overdueMinor, freshMajor], queue.QueueIds());
        var row = queue.Row(card);
        Assert.Equal("Warning", row.GetAttribute("data-urgency"));
        Assert.Equal("Contact due in 1 h 0 min", row.QuerySelector(".urgency")!.TextContent.Trim());
        Assert.Equal("Contact the customer", row.QuerySelector(".next-step")!.TextContent.Trim());
        Assert.Equal("1", queue.Text("#stat-overdue"));

        // Ten minutes on: a counter case would be "Apology overdue"; the card is still within its target, and not overdue.
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("Contact due in 50 min", queue.Row(card).QuerySelector(".urgency")!.TextContent.Trim());
        Assert.Equal("Apology overdue", queue.Row(freshMajor).QuerySelector(".urgency")!.TextContent.Trim());
        Assert.Equal([freshMajor, overdueMinor], (await manager.GetDocumentAsync("/Queue?overdue=true")).QueueIds());
        Assert.Equal("2", queue.Text("#stat-overdue"));

        // Past the major follow-up target nobody has contacted the customer: overdue, danger.
        Factory.Clock.Advance(TimeSpan.FromMinutes(51));
        queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("Danger", queue.Row(card).GetAttribute("data-urgency"));
        Assert.Equal("Contact overdue", queue.Row(card).QuerySelector(".urgency")!.TextContent.Trim());
        Assert.Contains(card, (await manager.GetDocumentAsync("/Queue?overdue=true")).QueueIds());
        Assert.Equal("3", queue.Text("#stat-overdue"));
    }

    [Fact]
    public async Task Once_the_manager_has_called_and_apologised_the_card_complaint_leaves_the_urgent_band_and_waits_for_its_follow_up()
    {
        var store = await Factory.NewStoreAsync("Card called");
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var overdueMinor = await Factory.CaseAtAsync(store, now.AddMinutes(-10));
        var card = await SendComplaintAsync(store, "Card called: the delivery never came.");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Card called manager", Roles.Manager, store));

        await manager.ApologiseAsync(await manager.GetDocumentAsync($"/Cases/{card}"));

        var queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal([overdueMinor, card], queue.QueueIds());
        Assert.Equal("Follow-up due in 1 h 0 min", queue.Row(card).QuerySelector(".urgency")!.TextContent.Trim());
        Assert.Equal("Normal", queue.Row(card).GetAttribute("data-urgency"));
    }

    [Fact]
    public async Task The_case_page_asks_to_contact_the_card_customer_by_the_follow_up_target_and_a_counter_case_for_its_apology_in_minutes()
    {
        var store = await Factory.NewStoreAsync("Card page");
        var logged = Factory.Clock.GetUtcNow().UtcDateTime;
        var card = await SendComplaintAsync(store, "Card page: rude answer on the phone.");
        var counter = await Factory.CaseAtAsync(store, logged);
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Card page manager", Roles.Manager, store));

        var cardPage = await manager.GetDocumentAsync($"/Cases/{card}");
        Assert.Equal("Contact the customer and apologise", cardPage.Text("#next-step"));
        Assert.Equal(
            $"The customer wrote on a feedback card and is not in the store: call or write to them, and apologise, by {Local(logged.AddHours(1))}.",
            cardPage.Text("#apology-due"));

        // The apology form starts at the way the manager will reach this customer: a call for the card, in person at the counter.
        Assert.Equal("Phone", CheckedApologyMethod(cardPage));

        var counterPage = await manager.GetDocumentAsync($"/Cases/{counter}");
        Assert.Equal("InPerson", CheckedApologyMethod(counterPage));
        Assert.Equal("Record the apology", counterPage.Text("#next-step"));
        Assert.Equal($"Apology due by {Local(logged.AddMinutes(5))}.", counterPage.Text("#apology-due"));

        Factory.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal($"Apology overdue since {Local(logged.AddMinutes(5))}.", (await manager.GetDocumentAsync($"/Cases/{counter}")).Text("#apology-due"));
        cardPage = await manager.GetDocumentAsync($"/Cases/{card}");
        Assert.DoesNotContain("overdue", cardPage.Text("#apology-due"), StringComparison.Ordinal);

        // A refused post keeps what the manager chose (a note too long), not the card's starting choice.
        var refused = await manager.SubmitAsync(cardPage.Form("Apology"), new Dictionary<string, string>
        {
            ["Apology.Method"] = "Message",
            ["Apology.Note"] = new string('x', RecoveryCase.NoteMaxLength + 1),
        });
        Assert.Equal(System.Net.HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("Message", CheckedApologyMethod(await HtmlForms.ParseAsync(refused)));

        var apologised = await manager.ApologiseAsync(await manager.GetDocumentAsync($"/Cases/{card}"));
        Assert.Null(apologised.QuerySelector("#apology-due"));
    }

    private static string? CheckedApologyMethod(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("input[name='Apology.Method']").OfType<AngleSharp.Html.Dom.IHtmlInputElement>().SingleOrDefault(i => i.IsChecked)?.Value;

    [Fact]
    public async Task The_dashboard_counts_a_card_apology_within_target_when_it_came_with_the_contact_inside_the_follow_up_target()
    {
        var store = await Factory.NewStoreAsync("Card dashboard");
        var monday = Utc("2026-03-02T09:00:00Z");
        await Factory.CaseAtAsync(store, monday, channel: Channel.FeedbackCard, severity: Severity.Major, then: c => c.Apologise(monday.AddMinutes(50)));
        await Factory.CaseAtAsync(store, monday, then: c => c.Apologise(monday.AddMinutes(3)));
        await Factory.CaseAtAsync(store, monday, then: c => c.Apologise(monday.AddMinutes(10)));
        await Factory.CaseAtAsync(store, monday, channel: Channel.FeedbackCard, severity: Severity.Major, then: c => c.Apologise(monday.AddMinutes(61)));

        var page = await Client.GetDocumentAsync($"/Dashboard?week=2026-W10&store={store}");

        // Within target: the card at 50 min (major follow-up target 1 h) and the counter apology at 3 min (5 min); not the
        // counter one at 10 min nor the card at 61 min. The median is still of every apology's minutes: (10 + 50) / 2.
        decimal Kpi(string key) => decimal.Parse(page.QuerySelector($"#kpi-table tr[data-kpi='{key}'] td")!.GetAttribute("data-value")!, CultureInfo.InvariantCulture);
        Assert.Equal(50m, Kpi("apologytarget"));
        Assert.Equal(30m, Kpi("apologymedian"));
    }

    [Fact]
    public async Task The_stores_today_list_asks_to_contact_the_card_customer_and_a_counter_case_for_its_apology()
    {
        var store = await Factory.NewStoreAsync("Card today");
        await SendComplaintAsync(store, "Card today: the coffee was cold.");
        await Factory.CaseAtAsync(store, Factory.Clock.GetUtcNow().UtcDateTime);
        using var cashier = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Card today cashier", Roles.Cashier, store));

        var rows = (await cashier.GetDocumentAsync("/Today")).QuerySelectorAll("#today-cases .case-row").ToList();
        var card = Assert.Single(rows, r => r.TextContent.Contains("Card today: the coffee was cold.", StringComparison.Ordinal));
        Assert.Equal("Contact the customer and apologise", card.QuerySelector(".next-step")!.TextContent.Trim());
        Assert.Contains("feedback card", card.TextContent, StringComparison.Ordinal);
        var counter = Assert.Single(rows, r => r != card);
        Assert.Equal("Record the apology", counter.QuerySelector(".next-step")!.TextContent.Trim());
        Assert.DoesNotContain("feedback card", counter.TextContent, StringComparison.Ordinal);
    }

    private async Task<int> SendComplaintAsync(int store, string words)
    {
        using var customer = Factory.CustomerClient();
        await customer.ThanksAsync(await customer.SendCardAsync(await Factory.CardPathAsync(store), TellUsSteps.Card("Complaint", words)));
        return await Factory.WithDbAsync(db => db.Cases.Where(c => c.Description == words).Select(c => c.Id).SingleAsync());
    }

    private static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague")).ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture);
}
