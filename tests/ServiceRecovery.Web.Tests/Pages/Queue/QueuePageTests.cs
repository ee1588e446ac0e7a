using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.TellUs;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>The managers' queue: its order (with the test clock), its badges, its header strip and who may see it.</summary>
public sealed class QueuePageTests(AppFactory factory) : AppTestBase(factory)
{
    private async Task<HttpClient> ManagerOfAsync(params int[] stores) =>
        await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Queue manager", Roles.Manager, stores));

    [Fact]
    public async Task Overdue_cases_come_first_then_the_more_severe_then_the_older()
    {
        await SignInAgainAsync();
        var store = await Factory.NewStoreAsync("Order");
        var (a, pageA) = await Client.LogAtAsync(store, "A: minor, apologised, 90 min old");
        await Client.ApologiseAsync(pageA);
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var (b, pageB) = await Client.LogAtAsync(store, "B: major, apologised, follow-up overdue", "Major");
        await Client.ApologiseAsync(pageB);
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var (d, _) = await Client.LogAtAsync(store, "D: minor, apology overdue");
        Factory.Clock.Advance(TimeSpan.FromMinutes(10));
        var (e, pageE) = await Client.LogAtAsync(store, "E: moderate, apologised", "Moderate");
        await Client.ApologiseAsync(pageE);
        Factory.Clock.Advance(TimeSpan.FromMinutes(30));
        var (f, pageF) = await Client.LogAtAsync(store, "F: major, apologised, on time", "Major");
        await Client.ApologiseAsync(pageF);
        Factory.Clock.Advance(TimeSpan.FromMinutes(27));
        var (c, _) = await Client.LogAtAsync(store, "C: minor, just logged");
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));

        using var manager = await ManagerOfAsync(store);
        var queue = await manager.GetDocumentAsync("/Queue");

        Assert.Equal([b, d, f, e, a, c], queue.QueueIds());
        Assert.Equal("Danger", queue.Row(b).GetAttribute("data-urgency"));
        Assert.Contains("Follow-up overdue", queue.Row(b).TextContent, StringComparison.Ordinal);
        Assert.Equal("Danger", queue.Row(d).GetAttribute("data-urgency"));
        Assert.Contains("Apology overdue", queue.Row(d).TextContent, StringComparison.Ordinal);
        Assert.Equal("Warning", queue.Row(a).GetAttribute("data-urgency"));
        Assert.Equal("Normal", queue.Row(c).GetAttribute("data-urgency"));
        Assert.Contains("1 h 30 min ago", queue.Row(a).TextContent, StringComparison.Ordinal);
        Assert.Contains("3 min ago", queue.Row(c).TextContent, StringComparison.Ordinal);
        Assert.Contains("Apologise", queue.Row(d).QuerySelector(".next-step")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Cases/{d}#apology-form", queue.Row(d).QuerySelector("a.queue-action")!.GetAttribute("href"));
        Assert.Equal($"/Cases/{b}#followup-form", queue.Row(b).QuerySelector("a.queue-action")!.GetAttribute("href"));

        Assert.Equal("6", queue.Text("#stat-open"));
        Assert.Equal("2", queue.Text("#stat-overdue"));
        Assert.Equal("0", queue.Text("#stat-approvals"));
        Assert.Equal("1 h 30 min", queue.Text("#stat-oldest"));

        // Three minutes on, the just-logged case misses its apology target and moves up among the overdue, by severity then age.
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal([b, d, c, f, e, a], queue.QueueIds());
        Assert.Equal("3", queue.Text("#stat-overdue"));
    }

    [Fact]
    public async Task Each_row_says_how_the_failure_reached_the_store()
    {
        var store = await Factory.NewStoreAsync("Channels");
        var (counter, _) = await Client.LogAtAsync(store, "Channels: wrong drink at the counter");
        using var customer = Factory.CustomerClient();
        await customer.ThanksAsync(await customer.SendCardAsync(await Factory.CardPathAsync(store), TellUsSteps.Card("Complaint", "Channels: the soup was cold")));
        var card = await Factory.WithDbAsync(db => db.Cases.Where(c => c.StoreId == store && c.Channel == Channel.FeedbackCard).Select(c => c.Id).SingleAsync());

        using var manager = await ManagerOfAsync(store);
        var queue = await manager.GetDocumentAsync("/Queue");

        Assert.Contains("· counter · case " + counter, queue.Row(counter).TextContent, StringComparison.Ordinal);
        Assert.Contains("· feedback card · case " + card, queue.Row(card).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_sees_only_their_own_stores_and_another_stores_filter_is_not_found()
    {
        var storeA = await Factory.NewStoreAsync("Store A");
        var storeB = await Factory.NewStoreAsync("Store B");
        var (inA, _) = await Client.LogAtAsync(storeA, "Only store A's manager may see this");
        var (inB, _) = await Client.LogAtAsync(storeB, "Store B's own case");

        using var managerB = await ManagerOfAsync(storeB);
        var queue = await managerB.GetDocumentAsync("/Queue");

        Assert.Equal([inB], queue.QueueIds());
        Assert.DoesNotContain("Only store A", queue.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1", queue.Text("#stat-open"));
        Assert.Equal(HttpStatusCode.NotFound, (await managerB.GetAsync($"/Queue?store={storeA}")).StatusCode);

        var owner = await Client.GetDocumentAsync("/Queue");
        Assert.Contains(inA, owner.QueueIds());
        Assert.Contains(inB, owner.QueueIds());
    }

    [Fact]
    public async Task A_cashier_is_refused_the_queue_and_does_not_see_its_link()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);

        var response = await cashier.GetAsync("/Queue");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await cashier.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Null((await cashier.GetDocumentAsync("/Today")).QuerySelector("#nav-queue"));

        using var manager = await Factory.SignedInClientAsync(Roles.Manager);
        Assert.Equal("/Queue", (await manager.GetDocumentAsync("/Today")).QuerySelector("#nav-queue")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Signed_out_the_queue_asks_for_a_login()
    {
        using var anonymous = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/Queue");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
