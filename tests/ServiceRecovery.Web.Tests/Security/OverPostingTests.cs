using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>
/// Pages bind their input models only. A tampering client that adds fields the user may not set — who logged it, when,
/// its status or version, an approval, another store — gets them ignored or the request refused, never saved.
/// </summary>
public sealed class OverPostingTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private static readonly KeyValuePair<string, string>[] Forged =
    [
        new("Failure.LoggedBy", "Mallory"),
        new("Failure.LoggedAt", "2020-01-01T00:00:00"),
        new("Failure.Status", "ResolvedWonBack"),
        new("Failure.Version", "42"),
        new("Failure.Id", "424242"),
        new("Failure.Apology.By", "Mallory"),
        new("LoggedBy", "Mallory"),
        new("Status", "ResolvedWonBack"),
        new("Version", "42"),
        new("Data.Case.LoggedBy", "Mallory"),
    ];

    [Fact]
    public async Task The_log_form_ignores_a_posted_author_time_status_version_and_id()
    {
        using var cashier = await factory.SignedInClientAsync(Roles.Cashier);
        var fields = (await cashier.GetDocumentAsync("/Cases/Log")).Form()
            .Fill(new Dictionary<string, string> { ["Failure.FailureType"] = "WrongOrder", ["Failure.Description"] = "Over-posting: forged author" })
            .Fields();

        var response = await cashier.PostFieldsAsync("/Cases/Log", fields.Concat(Forged));

        var stored = await factory.LoadCaseAsync(CaseSteps.CaseIdFrom(response));
        Assert.NotEqual(424242, stored.Id);
        Assert.Equal("Test cashier", stored.LoggedBy);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.LoggedAt);
        Assert.Equal(CaseStatus.AwaitingApology, stored.Status);
        Assert.Equal(1, stored.Version);
        Assert.Null(stored.Apology);
        Assert.Equal("Test cashier", Assert.Single(stored.Timeline).By);
    }

    [Fact]
    public async Task A_store_the_user_does_not_belong_to_is_refused_on_the_log_form_and_nothing_is_saved()
    {
        var otherStore = await factory.StoreAsync($"Over-posting other store {Guid.NewGuid():N}");
        using var cashier = await factory.SignedInClientAsync(Roles.Cashier);

        // Asking for the other store in the link does not offer it ...
        var page = await cashier.GetDocumentAsync($"/Cases/Log?storeId={otherStore}");
        Assert.Equal((await factory.DefaultStoreIdAsync()).ToString(CultureInfo.InvariantCulture), page.FieldValue("Failure.StoreId"));

        // ... and posting it anyway is answered as if the store did not exist.
        var fields = page.Form()
            .Fill(new Dictionary<string, string> { ["Failure.FailureType"] = "WrongOrder", ["Failure.Description"] = "Over-posting: someone else's store" })
            .Fields()
            .Where(f => f.Key != "Failure.StoreId")
            .Append(new("Failure.StoreId", otherStore.ToString(CultureInfo.InvariantCulture)));
        var response = await cashier.PostFieldsAsync("/Cases/Log", fields);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Cases.CountAsync(c => c.StoreId == otherStore)));
    }

    [Fact]
    public async Task A_cashiers_compensation_above_the_limit_stays_pending_whatever_approval_is_posted_with_it()
    {
        using var cashier = await factory.SignedInClientAsync(Roles.Cashier);
        var (id, page) = await cashier.LogCaseAsync("Over-posting: self-approved voucher");
        var fields = page.Form("Compensation")
            .Fill(new Dictionary<string, string>
            {
                ["Compensation.Kind"] = "Voucher",
                ["Compensation.Description"] = "Voucher for next visit",
                ["Compensation.Amount"] = "40.00",
            })
            .Fields()
            .Concat(
            [
                new("Compensation.Approval", "Approved"),
                new("Compensation.NeedsApproval", "false"),
                new("Compensation.IsPending", "false"),
                new("Compensation.DecidedBy", "Mallory"),
                new("Compensation.By", "Mallory"),
                new("Compensation.ValueMinor", "1"),
                new("Decision.Approve", "true"),
            ]);

        var response = await cashier.PostFieldsAsync($"/Cases/{id}?handler=Compensation", fields);

        Assert.True(Answers.IsRedirectTo(response, $"/Cases/{id}"), Answers.Describe(response));
        var compensation = Assert.Single((await factory.LoadCaseAsync(id)).Compensations);
        Assert.Equal(CompensationApproval.Pending, compensation.Approval);
        Assert.Equal(4000, compensation.ValueMinor);
        Assert.Equal("Test cashier", compensation.By);
        Assert.Null(compensation.DecidedBy);
    }

    [Fact]
    public async Task A_cashier_posting_the_managers_approval_form_is_refused_and_the_compensation_stays_pending()
    {
        var (id, compensationId) = await factory.PendingCompensationCaseAsync(await factory.DefaultStoreIdAsync(), await factory.StandardStaffAsync(Roles.Cashier));
        var version = await factory.VersionAsync(id);
        using var cashier = await factory.SignedInClientAsync(Roles.Cashier);
        var token = (await cashier.GetDocumentAsync($"/Cases/{id}")).AntiforgeryToken();

        var response = await cashier.PostFieldsAsync($"/Cases/{id}?handler=Decision", Fields(token,
            ("Decision.CaseId", id), ("Decision.Version", version), ("Decision.CompensationId", compensationId), ("Decision.Approve", "true")));

        Assert.True(Answers.IsAccessDenied(response), Answers.Describe(response));
        var stored = await factory.LoadCaseAsync(id);
        Assert.Equal(CompensationApproval.Pending, Assert.Single(stored.Compensations).Approval);
        Assert.Equal(version, stored.Version);
    }

    [Fact]
    public async Task The_version_of_another_case_is_a_conflict_and_changes_nothing()
    {
        var store = await factory.DefaultStoreIdAsync();
        var target = await factory.CaseAsync(store, "Over-posting: target at version 1");
        var other = await factory.ResolvedCaseAsync(store);
        var otherVersion = await factory.VersionAsync(other);
        Assert.NotEqual(1, otherVersion);
        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var token = (await manager.GetDocumentAsync($"/Cases/{target}")).AntiforgeryToken();

        var conflict = await manager.PostFieldsAsync($"/Cases/{target}?handler=Apology", Fields(token,
            ("Apology.CaseId", target), ("Apology.Version", otherVersion), ("Apology.Method", "InPerson")));
        var crossed = await manager.PostFieldsAsync($"/Cases/{target}?handler=Apology", Fields(token,
            ("Apology.CaseId", other), ("Apology.Version", otherVersion), ("Apology.Method", "InPerson")));

        Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);
        Assert.StartsWith("This case just changed.", (await HtmlForms.ParseAsync(conflict)).Text("#conflict"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, crossed.StatusCode);
        Assert.Equal(1, await factory.VersionAsync(target));
        Assert.Null((await factory.LoadCaseAsync(target)).Apology);
        Assert.Equal(otherVersion, await factory.VersionAsync(other));
    }

    [Fact]
    public async Task A_posted_author_time_or_status_on_a_case_action_is_ignored()
    {
        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var (id, page) = await manager.LogCaseAsync("Over-posting: forged apology author");
        var fields = page.Form("Apology").Fields().Concat(
        [
            new("Apology.By", "Mallory"),
            new("Apology.At", "2020-01-01T00:00:00"),
            new("Apology.Status", "ResolvedWonBack"),
            new("Status", "ResolvedWonBack"),
            new("Data.Case.Status", "ResolvedWonBack"),
            new("Resolve.Outcome", "WonBack"),
        ]);

        var response = await manager.PostFieldsAsync($"/Cases/{id}?handler=Apology", fields);

        Assert.True(Answers.IsRedirectTo(response, $"/Cases/{id}"), Answers.Describe(response));
        var stored = await factory.LoadCaseAsync(id);
        Assert.Equal("Test manager", stored.Apology?.By);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.Apology?.At);
        Assert.Equal(CaseStatus.AwaitingFollowUp, stored.Status);
        Assert.Empty(stored.Resolutions);
    }

    private static List<KeyValuePair<string, string>> Fields(string token, params (string Name, object Value)[] fields) =>
        [new("__RequestVerificationToken", token), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, Convert.ToString(f.Value, CultureInfo.InvariantCulture)!))];
}
