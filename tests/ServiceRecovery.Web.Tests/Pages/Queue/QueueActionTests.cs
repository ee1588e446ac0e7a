using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>From a queue row, one tap reaches the form that does the next step; doing it changes the queue.</summary>
public sealed class QueueActionTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_pending_compensation_is_approved_in_one_tap_on_the_queue_itself()
    {
        var store = await Factory.NewStoreAsync("One tap");
        var id = await LogWithCompensationAsync(store, "One-tap cashier", "Refund", "Half the order refunded", "42.50");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("One-tap manager", Roles.Manager, store));

        var queue = await manager.GetDocumentAsync("/Queue?severity=Minor");
        var form = (AngleSharp.Html.Dom.IHtmlFormElement)queue.Row(id).QuerySelector("form.queue-approve")!;
        Assert.Contains("Half the order refunded", form.TextContent, StringComparison.Ordinal);
        var approved = await manager.SubmitAsync(form, button: "Approve EUR 42.50");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Equal("/Queue?severity=Minor", approved.Headers.Location!.OriginalString);
        queue = await manager.FollowAsync(approved);
        Assert.Equal($"Compensation on case {id} approved.", queue.Text("#queue-flash"));
        Assert.Null(queue.Row(id).QuerySelector("form.queue-approve"));
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.Approved, Assert.Single(stored.Compensations).Approval);
        Assert.Contains(stored.Timeline, e => e.Type == CaseEventType.CompensationApproved && e.By == "One-tap manager");
    }

    [Fact]
    public async Task Waiting_approvals_are_listed_for_the_owner_and_for_managers_of_their_store_only()
    {
        var store = await Factory.NewStoreAsync("Approvals listed");
        var other = await Factory.NewStoreAsync("Approvals elsewhere");
        var id = await LogWithCompensationAsync(store, "Listing cashier", "Voucher", "Voucher for the next visit", "30.00");
        var query = new ServiceRecovery.Web.Pages.Queue.PendingApprovals.Query([id]);

        var forOwner = Assert.Single(await Factory.SendAsync(query));
        Assert.Equal((id, "Voucher for the next visit", "EUR 30.00"), (forOwner.CaseId, forOwner.Description, forOwner.Value));
        Assert.Single(await Factory.SendAsync(query, await Factory.CreateStaffAsync("Listing manager", Roles.Manager, store)));
        Assert.Empty(await Factory.SendAsync(query, await Factory.CreateStaffAsync("Elsewhere manager", Roles.Manager, other)));
    }

    [Fact]
    public async Task A_pending_compensation_is_approved_from_the_queue()
    {
        var store = await Factory.NewStoreAsync("Approve");
        using var cashier = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Approve cashier", Roles.Cashier, store));
        var (id, page) = await cashier.LogAtAsync(store, "Birthday cake dropped");
        page = await cashier.ApologiseAsync(page);
        await cashier.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Voucher",
            ["Compensation.Description"] = "Voucher for a new cake",
            ["Compensation.Amount"] = "35",
        });
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Approve manager", Roles.Manager, store));

        var queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("1", queue.Text("#stat-approvals"));
        Assert.Equal("Danger", queue.Row(id).GetAttribute("data-urgency"));
        var link = queue.Row(id).QuerySelector("a.queue-action")!;
        Assert.Equal("Approve or decline", link.TextContent.Trim());
        var href = link.GetAttribute("href")!;
        var casePage = await manager.GetDocumentAsync(href.Split('#')[0]);
        var target = casePage.GetElementById(href.Split('#')[1]);
        Assert.NotNull(target);

        var approved = await manager.SubmitAsync(target.QuerySelector("form") is AngleSharp.Html.Dom.IHtmlFormElement form ? form : casePage.Form("Decision"), button: "Approve");
        await manager.FollowAsync(approved);

        queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("0", queue.Text("#stat-approvals"));
        Assert.Equal("Manager follow-up", queue.Row(id).QuerySelector(".next-step")!.TextContent.Trim());
        Assert.Equal(CompensationApproval.Approved, Assert.Single((await Factory.LoadCaseAsync(id)).Compensations).Approval);
    }

    [Fact]
    public async Task A_case_is_followed_up_and_resolved_from_the_queue_and_then_leaves_it()
    {
        var store = await Factory.NewStoreAsync("Resolve");
        var (id, page) = await Client.LogAtAsync(store, "Fries forgotten", "Major", "MissingItem");
        await Client.ApologiseAsync(page);
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Resolve manager", Roles.Manager, store));

        var queue = await manager.GetDocumentAsync("/Queue");
        var href = queue.Row(id).QuerySelector("a.queue-action")!.GetAttribute("href")!;
        Assert.EndsWith("#followup-form", href, StringComparison.Ordinal);
        var casePage = await manager.GetDocumentAsync(href.Split('#')[0]);
        Assert.True(casePage.GetElementById("followup-form")!.HasAttribute("open"));
        await manager.FollowUpAsync(casePage, "Delighted");

        queue = await manager.GetDocumentAsync("/Queue");
        href = queue.Row(id).QuerySelector("a.queue-action")!.GetAttribute("href")!;
        Assert.Equal($"/Cases/{id}#resolve-form", href);
        casePage = await manager.GetDocumentAsync(href.Split('#')[0]);
        Assert.True(casePage.GetElementById("resolve-form")!.HasAttribute("open"));
        var resolved = await manager.ResolveAsync(casePage);
        Assert.Contains("Resolved", resolved.Text("#case-status"), StringComparison.Ordinal);

        queue = await manager.GetDocumentAsync("/Queue");
        Assert.Empty(queue.QueueIds());
        Assert.NotNull(queue.QuerySelector("#queue-empty"));
        Assert.Equal("0", queue.Text("#stat-open"));
        Assert.False((await Factory.LoadCaseAsync(id)).IsOpen);
    }

    /// <summary>A cashier of the store logs a case and gives a compensation above their limit: it waits for approval.</summary>
    private async Task<int> LogWithCompensationAsync(int store, string cashierName, string kind, string description, string amount)
    {
        using var cashier = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync(cashierName, Roles.Cashier, store));
        var (id, page) = await cashier.LogAtAsync(store, "Order went wrong");
        await cashier.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = kind,
            ["Compensation.Description"] = description,
            ["Compensation.Amount"] = amount,
        });
        return id;
    }
}
