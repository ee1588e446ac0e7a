using System.Net;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Cases;

/// <summary>The cashier's compensation limit and the manager's approval, through the case page's forms.</summary>
public sealed class ApprovalTests(AppFactory factory) : AppTestBase(factory)
{
    protected override string SignedInAs => Roles.Cashier;

    private Task<AngleSharp.Html.Dom.IHtmlDocument> CompensateAsync(AngleSharp.Html.Dom.IHtmlDocument page, string amount) =>
        Client.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Refund",
            ["Compensation.Description"] = "Whole order refunded",
            ["Compensation.Amount"] = amount,
        });

    [Fact]
    public async Task A_cashier_compensation_above_the_limit_waits_and_a_manager_approves_it()
    {
        // The chain's default limit is 15.00.
        var (id, page) = await Client.LogCaseAsync("Approval: family order all wrong");
        page = await Client.ApologiseAsync(page);
        page = await CompensateAsync(page, "25.00");

        Assert.Contains("Pending approval", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#approval"));
        Assert.Null(page.QuerySelector("#approval form"));
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.Pending, Assert.Single(stored.Compensations).Approval);

        using var manager = await Factory.SignedInClientAsync(Roles.Manager);
        Factory.Clock.Advance(TimeSpan.FromMinutes(3));
        var managerPage = await manager.FollowUpAsync(await manager.GetDocumentAsync($"/Cases/{id}"));
        Assert.Null(managerPage.QuerySelector("#resolve-form"));

        var approved = await manager.SubmitAsync(managerPage.Form("Decision"), button: "Approve");
        managerPage = await manager.FollowAsync(approved);

        Assert.Contains("Approved by Test manager", managerPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(managerPage.QuerySelector("#approval"));
        Assert.NotNull(managerPage.QuerySelector("#resolve-form"));
        Assert.Contains(managerPage.QuerySelectorAll("#timeline li"), li => li.TextContent.Contains("Approved compensation: Whole order refunded (EUR 25.00)", StringComparison.Ordinal));
        stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.Approved, Assert.Single(stored.Compensations).Approval);
    }

    [Fact]
    public async Task A_cashier_compensation_within_the_limit_needs_no_approval()
    {
        var (id, page) = await Client.LogCaseAsync("Approval: one cold coffee");
        await CompensateAsync(page, "15.00");

        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.NotNeeded, Assert.Single(stored.Compensations).Approval);
    }

    [Fact]
    public async Task A_manager_compensation_above_the_limit_needs_no_approval()
    {
        using var manager = await Factory.SignedInClientAsync(Roles.Manager);
        var (id, page) = await manager.LogCaseAsync("Approval: manager refunds a party");
        await manager.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Refund",
            ["Compensation.Description"] = "Party refunded",
            ["Compensation.Amount"] = "80",
        });

        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.NotNeeded, Assert.Single(stored.Compensations).Approval);
    }

    [Fact]
    public async Task Declining_without_a_reason_is_refused_next_to_the_form_and_with_one_it_is_declined()
    {
        var (id, page) = await Client.LogCaseAsync("Approval: decline a voucher");
        await CompensateAsync(page, "40");
        using var manager = await Factory.SignedInClientAsync(Roles.Manager);
        var managerPage = await manager.GetDocumentAsync($"/Cases/{id}");

        var refused = await manager.SubmitAsync(managerPage.Form("Decision"), button: "Decline");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = await HtmlForms.ParseAsync(refused);
        Assert.Contains("Say why the compensation is declined.", again.Text("#approval"), StringComparison.Ordinal);
        Assert.Equal(CompensationApproval.Pending, Assert.Single((await Factory.LoadCaseAsync(id)).Compensations).Approval);

        var declined = await manager.SubmitAsync(again.Form("Decision"), new Dictionary<string, string>
        {
            ["Decision.Reason"] = "A remake and a drink are enough here",
        }, button: "Decline");
        var after = await manager.FollowAsync(declined);

        Assert.Contains("Declined by Test manager", after.Body!.TextContent, StringComparison.Ordinal);
        var compensation = Assert.Single((await Factory.LoadCaseAsync(id)).Compensations);
        Assert.Equal(CompensationApproval.Declined, compensation.Approval);
        Assert.Equal("A remake and a drink are enough here", compensation.DeclineReason);
    }

    [Fact]
    public async Task A_cashier_cannot_approve_even_by_posting_the_form_by_hand()
    {
        var (id, page) = await Client.LogCaseAsync("Approval: cashier tries to self-approve");
        page = await CompensateAsync(page, "30");
        var compensationId = Assert.Single((await Factory.LoadCaseAsync(id)).Compensations).Id;

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Decision",
        [
            new("__RequestVerificationToken", page.AntiforgeryToken()),
            new("Decision.CaseId", id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Decision.Version", (await Factory.LoadCaseAsync(id)).Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Decision.CompensationId", compensationId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Decision.Approve", "true"),
        ]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.StartsWith("/Account/AccessDenied", location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString, StringComparison.Ordinal);
        Assert.Equal(CompensationApproval.Pending, Assert.Single((await Factory.LoadCaseAsync(id)).Compensations).Approval);
    }
}
