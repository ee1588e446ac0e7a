using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Cases;

/// <summary>The case page: each action form, its validation, the rules it enforces server-side, and two people at once.</summary>
public sealed class DetailsPageTests(AppFactory factory) : AppTestBase(factory)
{
    private static readonly string[] ActionForms = ["apology-form", "compensation-form", "followup-form", "resolve-form", "reopen-form"];

    [Fact]
    public async Task Invalid_apology_is_shown_next_to_the_note_and_the_input_is_kept()
    {
        var (id, page) = await Client.LogCaseAsync("Apology validation: wrong drink");
        var note = new string('n', RecoveryCase.NoteMaxLength + 1);

        var response = await Client.SubmitAsync(page.Form("Apology"), new Dictionary<string, string>
        {
            ["Apology.Method"] = "Phone",
            ["Apology.Note"] = note,
        });

        var again = await ReRenderedAsync(response);
        Assert.Equal($"Keep the note under {RecoveryCase.NoteMaxLength} characters.", again.FieldError("Apology.Note"));
        Assert.Equal(note, again.FieldValue("Apology.Note"));
        Assert.Equal("Phone", again.FieldValue("Apology.Method"));
        Assert.True(again.QuerySelector("#apology-form")!.HasAttribute("open"));
        Assert.Equal("Awaiting apology", again.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Fact]
    public async Task Invalid_compensation_shows_every_error_next_to_its_field_and_keeps_the_input()
    {
        var (id, page) = await Client.LogCaseAsync("Compensation validation: missing dip");

        var response = await Client.SubmitAsync(page.Form("Compensation"), new Dictionary<string, string>
        {
            // No kind chosen, no description, a negative value.
            ["Compensation.Amount"] = "-5",
        });

        var again = await ReRenderedAsync(response);
        Assert.Equal("Choose what you gave.", again.FieldError("Compensation.Kind"));
        Assert.Equal("Say what you gave, e.g. \"fresh sandwich\".", again.FieldError("Compensation.Description"));
        Assert.Equal("The value cannot be negative.", again.FieldError("Compensation.Amount"));
        Assert.Equal("-5", again.FieldValue("Compensation.Amount"));
        Assert.True(again.QuerySelector("#compensation-form")!.HasAttribute("open"));
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Theory]
    [InlineData("", "Enter its value (0 if it cost nothing).")]
    [InlineData("abc", "Enter an amount like 4.50 — digits and one decimal point, no thousands separators.")]
    [InlineData("1,000.50", "Enter an amount like 4.50 — digits and one decimal point, no thousands separators.")]
    [InlineData("-2", "The value cannot be negative.")]
    [InlineData("7.505", "EUR has 2 decimal places.")]
    [InlineData("1000000", "That value is too large for a compensation.")]
    public async Task A_bad_compensation_value_is_refused_next_to_the_value_and_the_rest_is_kept(string amount, string error)
    {
        var (id, page) = await Client.LogCaseAsync($"Compensation value '{amount}': cold pizza");

        var response = await Client.SubmitAsync(page.Form("Compensation"), new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "FreeItem",
            ["Compensation.Description"] = "Slice of cheesecake",
            ["Compensation.Amount"] = amount,
        });

        var again = await ReRenderedAsync(response);
        Assert.Equal(error, again.FieldError("Compensation.Amount"));
        Assert.Null(again.FieldError("Compensation.Description"));
        Assert.Equal(amount, again.FieldValue("Compensation.Amount"));
        Assert.Equal("Slice of cheesecake", again.FieldValue("Compensation.Description"));
        Assert.Equal("FreeItem", again.FieldValue("Compensation.Kind"));
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Theory]
    [InlineData("7,50", 750)]
    [InlineData("7.5", 750)]
    [InlineData("12", 1200)]
    [InlineData("0", 0)]
    public async Task A_compensation_value_typed_with_a_comma_or_a_point_is_stored_in_cents(string typed, long expectedMinor)
    {
        var (id, page) = await Client.LogCaseAsync($"Compensation value '{typed}': soggy fries");

        var response = await Client.SubmitAsync(page.Form("Compensation"), new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Refund",
            ["Compensation.Description"] = "Fries refunded",
            ["Compensation.Amount"] = typed,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(expectedMinor, Assert.Single(stored.Compensations).ValueMinor);
    }

    [Fact]
    public async Task Invalid_follow_up_is_shown_next_to_the_outcome_and_the_input_is_kept()
    {
        var (id, page) = await Client.LogCaseAsync("Follow-up validation: rude reply");
        page = await Client.ApologiseAsync(page);

        var response = await Client.SubmitAsync(page.Form("FollowUp"), new Dictionary<string, string>
        {
            ["FollowUp.Channel"] = "Phone",
            ["FollowUp.Note"] = "Rang at two, she was calmer",
        });

        var again = await ReRenderedAsync(response);
        Assert.Equal("Choose how the customer feels now.", again.FieldError("FollowUp.Outcome"));
        Assert.Null(again.FieldError("FollowUp.Channel"));
        Assert.Equal("Phone", again.FieldValue("FollowUp.Channel"));
        Assert.Equal("Rang at two, she was calmer", again.FieldValue("FollowUp.Note"));
        Assert.Null(again.FieldValue("FollowUp.Outcome"));
        Assert.True(again.QuerySelector("#followup-form")!.HasAttribute("open"));
        Assert.Equal("Awaiting follow-up", again.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 2, timelineCount: 2);
    }

    [Fact]
    public async Task Invalid_resolve_is_shown_next_to_each_choice_and_the_input_is_kept()
    {
        var (id, page) = await Client.LogCaseAsync("Resolve validation: burnt toast");
        page = await Client.ApologiseAsync(page);
        page = await Client.FollowUpAsync(page, "Delighted");

        var response = await Client.SubmitAsync(page.Form("Resolve"), new Dictionary<string, string>
        {
            ["Resolve.Outcome"] = "WonBack",
            ["Resolve.WhatWeWillChange"] = "Check the toaster setting at opening",
        });

        var again = await ReRenderedAsync(response);
        Assert.Equal("Choose the root cause.", again.FieldError("Resolve.RootCause"));
        Assert.Equal("Choose which part of the service failed.", again.FieldError("Resolve.Dimension"));
        Assert.Null(again.FieldError("Resolve.Outcome"));
        Assert.Equal("WonBack", again.FieldValue("Resolve.Outcome"));
        Assert.Equal("Check the toaster setting at opening", again.FieldValue("Resolve.WhatWeWillChange"));
        Assert.Equal("Ready to resolve", again.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 3, timelineCount: 3);
    }

    [Fact]
    public async Task Invalid_reopen_is_shown_next_to_the_reason_and_the_input_is_kept()
    {
        var (id, page) = await Client.LogCaseAsync("Reopen validation: missing sauce");
        page = await ResolvedAsync(page);
        var longReason = new string('r', RecoveryCase.NoteMaxLength + 1);

        var empty = await ReRenderedAsync(await Client.SubmitAsync(page.Form("Reopen"), new Dictionary<string, string> { ["Reopen.Reason"] = "   " }));
        var tooLong = await ReRenderedAsync(await Client.SubmitAsync(page.Form("Reopen"), new Dictionary<string, string> { ["Reopen.Reason"] = longReason }));

        Assert.Equal("Say why the case is reopened.", empty.FieldError("Reopen.Reason"));
        Assert.Equal($"Keep the reason under {RecoveryCase.NoteMaxLength} characters.", tooLong.FieldError("Reopen.Reason"));
        Assert.Equal(longReason, tooLong.FieldValue("Reopen.Reason"));
        Assert.True(tooLong.QuerySelector("#reopen-form")!.HasAttribute("open"));
        Assert.Equal("Resolved — won back", tooLong.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 4, timelineCount: 4);
    }

    [Fact]
    public async Task Resolving_before_any_apology_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var (id, page) = await Client.LogCaseAsync("Impossible: resolve before apology");
        Assert.Null(page.QuerySelector("#resolve-form"));

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Resolve", HandBuilt(page, "Resolve", new Dictionary<string, string>
        {
            ["RootCause"] = "ProcessError",
            ["Dimension"] = "Reliability",
            ["Outcome"] = "Lost",
        }));

        var again = await ReRenderedAsync(response);
        AssertRefused(again, "Record the apology before resolving the case.");
        Assert.Equal("Awaiting apology", again.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
        Assert.Empty((await Factory.LoadCaseAsync(id)).Resolutions);
    }

    [Fact]
    public async Task A_second_apology_is_refused_with_a_clear_message_and_changes_nothing()
    {
        var (id, page) = await Client.LogCaseAsync("Impossible: second apology");
        page = await Client.ApologiseAsync(page);
        Assert.Null(page.QuerySelector("#apology-form"));

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Apology", HandBuilt(page, "Apology", new Dictionary<string, string>
        {
            ["Method"] = "Message",
            ["Note"] = "Sorry again",
        }));

        var again = await ReRenderedAsync(response);
        AssertRefused(again, "An apology is already recorded on this case.");
        await AssertUnchangedAsync(id, version: 2, timelineCount: 2);
        Assert.Equal(ApologyMethod.InPerson, (await Factory.LoadCaseAsync(id)).Apology?.Method);
    }

    [Fact]
    public async Task Changing_a_resolved_case_without_reopening_is_refused_and_changes_nothing()
    {
        var (id, page) = await Client.LogCaseAsync("Impossible: compensation after resolve");
        page = await ResolvedAsync(page);
        Assert.Null(page.QuerySelector("#compensation-form"));

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Compensation", HandBuilt(page, "Compensation", new Dictionary<string, string>
        {
            ["Kind"] = "Voucher",
            ["Description"] = "Voucher after the fact",
            ["Amount"] = "5",
        }));

        var again = await ReRenderedAsync(response);
        AssertRefused(again, "This case is resolved. Reopen it (with a reason) to change it.");
        await AssertUnchangedAsync(id, version: 4, timelineCount: 4);
        Assert.Empty((await Factory.LoadCaseAsync(id)).Compensations);
    }

    [Fact]
    public async Task Reopening_a_case_that_is_not_resolved_is_refused_and_changes_nothing()
    {
        var (id, page) = await Client.LogCaseAsync("Impossible: reopen an open case");

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Reopen", HandBuilt(page, "Reopen", new Dictionary<string, string>
        {
            ["Reason"] = "Just because",
        }));

        var again = await ReRenderedAsync(response);
        AssertRefused(again, "Only a resolved case can be reopened.");
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Fact]
    public async Task A_form_posted_for_another_case_than_the_page_is_a_bad_request()
    {
        var (id, page) = await Client.LogCaseAsync("Mismatched case id");
        var fields = HandBuilt(page, "Apology", new Dictionary<string, string> { ["Method"] = "InPerson" })
            .Select(f => f.Key == "Apology.CaseId" ? new KeyValuePair<string, string>(f.Key, (id + 1000).ToString(CultureInfo.InvariantCulture)) : f);

        var response = await Client.PostFieldsAsync($"/Cases/{id}?handler=Apology", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Fact]
    public async Task Only_the_actions_possible_now_are_offered_at_each_status()
    {
        var (_, page) = await Client.LogCaseAsync("Actions per status: lukewarm coffee");
        Assert.Equal("Awaiting apology", page.Text("#case-status"));
        Assert.Equal(["apology-form", "compensation-form", "followup-form"], Offered(page));
        Assert.Equal("Record the apology", page.Text("#next-step"));

        page = await Client.ApologiseAsync(page);
        Assert.Equal("Awaiting follow-up", page.Text("#case-status"));
        Assert.Equal(["compensation-form", "followup-form"], Offered(page));
        Assert.Equal("Manager follow-up", page.Text("#next-step"));

        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        page = await Client.FollowUpAsync(page, "Satisfied");
        Assert.Equal("Ready to resolve", page.Text("#case-status"));
        Assert.Equal(["compensation-form", "followup-form", "resolve-form"], Offered(page));
        Assert.Equal("Resolve", page.Text("#next-step"));

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        page = await Client.ResolveAsync(page);
        Assert.Equal("Resolved — won back", page.Text("#case-status"));
        Assert.Equal(["reopen-form"], Offered(page));
        Assert.Null(page.QuerySelector("#next-step"));

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        page = await Client.ActAsync(page, "Reopen", new Dictionary<string, string> { ["Reopen.Reason"] = "Customer wrote in again" });
        Assert.Equal("Reopened — follow up again", page.Text("#case-status"));
        Assert.Equal(["compensation-form", "followup-form"], Offered(page));
        Assert.Equal("Follow up again", page.Text("#next-step"));

        // Every rendered action form is one the server accepts: each carries the token, the case and its version.
        foreach (var form in page.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase) && !f.Action.Contains("/Account/Logout", StringComparison.Ordinal)))
        {
            var fields = form.Fields().Select(f => f.Key).ToList();
            Assert.Contains("__RequestVerificationToken", fields);
            Assert.Contains(fields, f => f.EndsWith(".CaseId", StringComparison.Ordinal));
            Assert.Contains(fields, f => f.EndsWith(".Version", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_second_of_two_people_acting_at_once_sees_the_latest_keeps_the_input_and_can_resubmit()
    {
        var (id, _) = await Client.LogCaseAsync("Two people at once: cold chips");
        using var colleague = await Factory.SignedInClientAsync(Roles.Owner);
        var mine = await Client.GetDocumentAsync($"/Cases/{id}");
        var theirs = await colleague.GetDocumentAsync($"/Cases/{id}");

        await Client.ApologiseAsync(mine);
        var stale = await colleague.SubmitAsync(theirs.Form("Compensation"), new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "FreeItem",
            ["Compensation.Description"] = "Fresh portion of chips",
            ["Compensation.Amount"] = "3.20",
        });

        var again = await ReRenderedAsync(stale);
        Assert.Contains("This case just changed", again.Text("#conflict"), StringComparison.Ordinal);
        Assert.Contains("still in the form below", again.Text("#conflict"), StringComparison.Ordinal);
        Assert.Equal("Awaiting follow-up", again.Text("#case-status"));
        Assert.Contains(again.Timeline(), t => t.Contains("Apologised in person", StringComparison.Ordinal));
        Assert.Equal("FreeItem", again.FieldValue("Compensation.Kind"));
        Assert.Equal("Fresh portion of chips", again.FieldValue("Compensation.Description"));
        Assert.Equal("3.20", again.FieldValue("Compensation.Amount"));
        Assert.Equal("2", again.FieldValue("Compensation.Version"));
        Assert.Empty((await Factory.LoadCaseAsync(id)).Compensations);

        var resubmitted = await colleague.SubmitAsync(again.Form("Compensation"));

        var latest = await colleague.FollowAsync(resubmitted);
        Assert.Contains(latest.Timeline(), t => t.Contains("Fresh portion of chips", StringComparison.Ordinal));
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(320, Assert.Single(stored.Compensations).ValueMinor);
        Assert.NotNull(stored.Apology);
        Assert.Equal(3, stored.Version);
        Assert.Equal(3, stored.Timeline.Count);
    }

    [Fact]
    public async Task When_two_people_record_the_same_apology_the_second_sees_it_is_already_done()
    {
        var (id, _) = await Client.LogCaseAsync("Two apologies at once: spilled tea");
        using var colleague = await Factory.SignedInClientAsync(Roles.Owner);
        var mine = await Client.GetDocumentAsync($"/Cases/{id}");
        var theirs = await colleague.GetDocumentAsync($"/Cases/{id}");

        await Client.ApologiseAsync(mine);
        var stale = await colleague.SubmitAsync(theirs.Form("Apology"), new Dictionary<string, string>
        {
            ["Apology.Method"] = "Phone",
            ["Apology.Note"] = "Called her back",
        });

        var again = await ReRenderedAsync(stale);
        Assert.Contains("This case just changed", again.Text("#conflict"), StringComparison.Ordinal);
        Assert.Null(again.QuerySelector("#apology-form"));

        // The form is gone (the apology is done), so the page must not claim the input is still below it.
        Assert.DoesNotContain("still in the form below", again.Text("#conflict"), StringComparison.Ordinal);
        Assert.Contains(again.Timeline(), t => t.Contains("Apologised in person", StringComparison.Ordinal));
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(ApologyMethod.InPerson, stored.Apology?.Method);
        Assert.Equal(2, stored.Timeline.Count);
    }

    [Fact]
    public async Task A_dissatisfied_customer_can_only_be_resolved_as_lost()
    {
        var (id, page) = await Client.LogCaseAsync("Dissatisfied: wrong allergy info");
        page = await Client.ApologiseAsync(page);
        page = await Client.FollowUpAsync(page, "Dissatisfied");

        Assert.Equal(["Lost"], page.RadioOptions("Resolve.Outcome"));
        Assert.Equal("Lost", page.FieldValue("Resolve.Outcome"));

        // "Won back" posted anyway is refused, inside the resolve form, and nothing changes.
        var forced = await Client.PostFieldsAsync($"/Cases/{id}?handler=Resolve", HandBuilt(page, "Resolve", new Dictionary<string, string>
        {
            ["RootCause"] = "PerceptionGap",
            ["Dimension"] = "Assurance",
            ["Outcome"] = "WonBack",
        }));
        var again = await ReRenderedAsync(forced);
        AssertRefused(again, "The customer was dissatisfied at follow-up, so this case can only be resolved as lost.");
        Assert.Equal("Ready to resolve", again.Text("#case-status"));
        await AssertUnchangedAsync(id, version: 3, timelineCount: 3);

        var resolved = await Client.ActAsync(again, "Resolve", new Dictionary<string, string>
        {
            ["Resolve.RootCause"] = "PerceptionGap",
            ["Resolve.Dimension"] = "Assurance",
            ["Resolve.Outcome"] = "Lost",
        });
        Assert.Equal("Resolved — lost", resolved.Text("#case-status"));
        Assert.Equal(ResolutionOutcome.Lost, Assert.Single((await Factory.LoadCaseAsync(id)).Resolutions).Outcome);
    }

    [Fact]
    public async Task A_satisfied_customer_may_be_resolved_as_won_back_or_lost()
    {
        var (_, page) = await Client.LogCaseAsync("Satisfied: late taxi order");
        page = await Client.ApologiseAsync(page);
        page = await Client.FollowUpAsync(page, "Satisfied");

        Assert.Equal(["WonBack", "Lost"], page.RadioOptions("Resolve.Outcome"));
        Assert.Null(page.FieldValue("Resolve.Outcome"));
    }

    [Fact]
    public async Task Reopening_with_a_reason_puts_the_case_back_and_the_timeline_shows_it()
    {
        var (id, page) = await Client.LogCaseAsync("Reopen: stale cake");
        page = await ResolvedAsync(page);

        Factory.Clock.Advance(TimeSpan.FromHours(2));
        page = await Client.ActAsync(page, "Reopen", new Dictionary<string, string> { ["Reopen.Reason"] = "Customer rang: the cake was stale too" });

        Assert.Equal("Reopened — follow up again", page.Text("#case-status"));
        Assert.EndsWith("Reopened — “Customer rang: the cake was stale too”", page.Timeline()[^1], StringComparison.Ordinal);
        Assert.Contains("Customer rang: the cake was stale too", page.Text("section[aria-labelledby='facts-heading']"), StringComparison.Ordinal);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.False(stored.IsResolved);
        Assert.Equal("Customer rang: the cake was stale too", Assert.Single(stored.Resolutions).ReopenReason);

        // The case goes round again: a new follow-up, then a new resolution; the first one stays on record.
        Factory.Clock.Advance(TimeSpan.FromMinutes(30));
        page = await Client.FollowUpAsync(page, "Delighted");
        Assert.Equal("Ready to resolve", page.Text("#case-status"));
        page = await Client.ResolveAsync(page);
        Assert.Equal("Resolved — won back", page.Text("#case-status"));
        Assert.Equal(2, (await Factory.LoadCaseAsync(id)).Resolutions.Count);
        Assert.Equal(7, page.Timeline().Count);
    }

    [Fact]
    public async Task A_case_that_does_not_exist_is_not_found_for_reading_and_for_acting()
    {
        var (_, page) = await Client.LogCaseAsync("Template for a missing case");
        const int missing = 987_654;

        var get = await Client.GetAsync(new Uri($"/Cases/{missing}", UriKind.Relative));
        var post = await Client.PostFieldsAsync($"/Cases/{missing}?handler=Apology", HandBuilt(page, "Apology", new Dictionary<string, string> { ["Method"] = "InPerson" })
            .Select(f => f.Key == "Apology.CaseId" ? new KeyValuePair<string, string>(f.Key, missing.ToString(CultureInfo.InvariantCulture)) : f));

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Contains("Not found", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string[] Offered(IHtmlDocument page) => ActionForms.Where(id => page.QuerySelector($"#{id}") is not null).ToArray();

    /// <summary>
    /// A POST for an action whose form the page does not render: the page's antiforgery token, the case id and the
    /// version the page shows (read from any rendered form), plus the given fields under the action's prefix.
    /// </summary>
    private static List<KeyValuePair<string, string>> HandBuilt(IHtmlDocument page, string prefix, IReadOnlyDictionary<string, string> values)
    {
        var anyForm = page.Forms.First(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase));
        var caseId = anyForm.Fields().First(f => f.Key.EndsWith(".CaseId", StringComparison.Ordinal)).Value;
        var version = anyForm.Fields().First(f => f.Key.EndsWith(".Version", StringComparison.Ordinal)).Value;
        var fields = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", page.AntiforgeryToken()),
            new($"{prefix}.CaseId", caseId),
            new($"{prefix}.Version", version),
        };
        fields.AddRange(values.Select(v => new KeyValuePair<string, string>($"{prefix}.{v.Key}", v.Value)));
        return fields;
    }

    private static async Task<IHtmlDocument> ReRenderedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await HtmlForms.ParseAsync(response);
    }

    private static string SeverityChoices(IHtmlDocument page) =>
        string.Join(' ', page.QuerySelectorAll("input[name='SeverityChange.Severity']").Select(i => i.GetAttribute("value")));

    private static void AssertRefused(IHtmlDocument page, string message)
    {
        var alerts = page.QuerySelectorAll("[role='alert']").Select(a => a.TextContent.Trim()).ToList();
        Assert.Contains(message, alerts);
    }

    private async Task AssertUnchangedAsync(int id, int version, int timelineCount)
    {
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(version, stored.Version);
        Assert.Equal(timelineCount, stored.Timeline.Count);
    }

    private async Task<IHtmlDocument> ResolvedAsync(IHtmlDocument page)
    {
        page = await Client.ApologiseAsync(page);
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        page = await Client.FollowUpAsync(page, "Satisfied");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        return await Client.ResolveAsync(page);
    }

    [Fact]
    public async Task Customer_contact_is_shown_to_managers_and_the_cashier_who_typed_it_but_not_to_other_cashiers()
    {
        var storeId = await Factory.DefaultStoreIdAsync();
        var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        var form = (await cashier.GetDocumentAsync("/Cases/Log")).Form();
        var response = await cashier.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "LateOrLongWait",
            ["Failure.Description"] = "Waited 25 minutes for a salad",
            ["Failure.CustomerConsents"] = "true",
            ["Failure.CustomerName"] = "Petr Svoboda",
            ["Failure.CustomerPhone"] = "+420 777 100 200",
        });
        var id = CaseSteps.CaseIdFrom(response);

        var other = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Second cashier", Roles.Cashier, storeId));
        var manager = await Factory.SignedInClientAsync(Roles.Manager);
        var typedIt = (await cashier.GetDocumentAsync($"/Cases/{id}")).Body!.TextContent;
        var colleague = (await other.GetDocumentAsync($"/Cases/{id}")).Body!.TextContent;
        var managers = (await manager.GetDocumentAsync($"/Cases/{id}")).Body!.TextContent;

        Assert.Contains("+420 777 100 200", typedIt, StringComparison.Ordinal);
        Assert.Contains("+420 777 100 200", managers, StringComparison.Ordinal);
        Assert.Contains("Petr Svoboda", managers, StringComparison.Ordinal);
        Assert.DoesNotContain("+420 777 100 200", colleague, StringComparison.Ordinal);
        Assert.DoesNotContain("Svoboda", colleague, StringComparison.Ordinal);
        Assert.Contains("on file for the manager's follow-up", colleague, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manager_changes_the_severity_with_a_reason_and_the_timeline_shows_it()
    {
        var (id, page) = await Client.LogCaseAsync("Severity: whole table served cold");
        Assert.Equal("Moderate Major", SeverityChoices(page));

        page = await Client.ActAsync(page, "SeverityChange", new Dictionary<string, string>
        {
            ["SeverityChange.Severity"] = "Major",
            ["SeverityChange.Reason"] = "A table of six, all cold",
        });

        Assert.EndsWith("Severity changed from minor to major — “A table of six, all cold”", page.Timeline()[^1], StringComparison.Ordinal);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(Severity.Major, stored.Severity);
        Assert.Equal(CaseEventType.SeverityChanged, stored.Timeline.OrderBy(e => e.Id).Last().Type);
        Assert.Equal("Minor Moderate", SeverityChoices(page));
    }

    [Fact]
    public async Task Invalid_severity_change_is_shown_next_to_each_field_and_the_input_is_kept()
    {
        var (id, page) = await Client.LogCaseAsync("Severity validation: lukewarm soup");
        var longReason = new string('s', RecoveryCase.NoteMaxLength + 1);

        var empty = await ReRenderedAsync(await Client.SubmitAsync(page.Form("SeverityChange"), new Dictionary<string, string> { ["SeverityChange.Reason"] = " " }));
        var tooLong = await ReRenderedAsync(await Client.SubmitAsync(page.Form("SeverityChange"), new Dictionary<string, string>
        {
            ["SeverityChange.Severity"] = "Moderate",
            ["SeverityChange.Reason"] = longReason,
        }));
        // The page offers only the other severities; a hand-built post of the current one is refused by the case itself.
        var same = await ReRenderedAsync(await Client.PostFieldsAsync($"/Cases/{id}?handler=SeverityChange", HandBuilt(page, "SeverityChange", new Dictionary<string, string>
        {
            ["Severity"] = "Minor",
            ["Reason"] = "It is minor",
        })));

        Assert.Equal("Choose the severity.", empty.FieldError("SeverityChange.Severity"));
        Assert.Equal("Say why the severity changes.", empty.FieldError("SeverityChange.Reason"));
        Assert.Equal($"Keep the reason under {RecoveryCase.NoteMaxLength} characters.", tooLong.FieldError("SeverityChange.Reason"));
        Assert.Equal(longReason, tooLong.FieldValue("SeverityChange.Reason"));
        Assert.Equal("Moderate", tooLong.FieldValue("SeverityChange.Severity"));
        Assert.True(tooLong.QuerySelector("#severity-form")!.HasAttribute("open"));
        AssertRefused(same, "The case is already minor.");
        await AssertUnchangedAsync(id, version: 1, timelineCount: 1);
    }

    [Fact]
    public async Task Cashiers_are_not_offered_a_severity_change_and_resolved_cases_cannot_change_it()
    {
        var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        var (_, cashierPage) = await cashier.LogCaseAsync("Severity: cashier view");
        Assert.Null(cashierPage.QuerySelector("#severity-form"));

        var (id, page) = await Client.LogCaseAsync("Severity: resolved case");
        var form = page.Form("SeverityChange");
        page = await ResolvedAsync(page);
        Assert.Null(page.QuerySelector("#severity-form"));
        var refused = await ReRenderedAsync(await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["SeverityChange.Severity"] = "Major",
            ["SeverityChange.Reason"] = "Too late",
        }));
        Assert.NotNull(refused.QuerySelector("#conflict"));
        Assert.Equal(Severity.Minor, (await Factory.LoadCaseAsync(id)).Severity);
    }
}
