using System.Net;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Cases;

/// <summary>The whole spine through real forms: log, apologise, compensate, follow up, resolve, read the timeline.</summary>
public sealed class JourneyTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_failure_goes_from_the_counter_to_resolved_through_the_forms()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        using var manager = await Factory.SignedInClientAsync(Roles.Manager);
        var logForm = (await cashier.GetDocumentAsync("/Cases/Log")).Form();
        var logged = await cashier.SubmitAsync(logForm, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "WrongOrder",
            ["Failure.Description"] = "Chicken wrap ordered, veggie wrap served",
            ["Failure.Severity"] = "Moderate",
        });
        var casePage = await cashier.FollowAsync(logged);
        var caseUrl = logged.Headers.Location!.OriginalString;
        Assert.Contains("Wrong order", casePage.Text("h1"), StringComparison.Ordinal);
        Assert.Equal("Awaiting apology", casePage.Text("#case-status"));

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        casePage = await cashier.FollowAsync(await cashier.SubmitAsync(casePage.Form("Apology"), new Dictionary<string, string> { ["Apology.Method"] = "InPerson" }));
        Assert.Equal("Awaiting follow-up", casePage.Text("#case-status"));

        casePage = await cashier.FollowAsync(await cashier.SubmitAsync(casePage.Form("Compensation"), new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Remake",
            ["Compensation.Description"] = "Fresh chicken wrap and a slice of cake",
            ["Compensation.Amount"] = "7.50",
        }));
        Assert.Contains("EUR 7.50", casePage.Body!.TextContent, StringComparison.Ordinal);

        // The cashier's page offers no manager actions; the manager's does.
        Assert.Null(casePage.QuerySelector("#followup-form"));
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        casePage = await manager.GetDocumentAsync(caseUrl);
        casePage = await manager.FollowAsync(await manager.SubmitAsync(casePage.Form("FollowUp"), new Dictionary<string, string>
        {
            ["FollowUp.Channel"] = "InPerson",
            ["FollowUp.Outcome"] = "Delighted",
        }));
        Assert.Equal("Ready to resolve", casePage.Text("#case-status"));

        var resolved = await manager.SubmitAsync(casePage.Form("Resolve"), new Dictionary<string, string>
        {
            ["Resolve.RootCause"] = "ProcessError",
            ["Resolve.Dimension"] = "Reliability",
            ["Resolve.Outcome"] = "WonBack",
            ["Resolve.WhatWeWillChange"] = "Label wraps at the pass",
        });
        casePage = await manager.FollowAsync(resolved);
        Assert.Equal("Resolved — won back", casePage.Text("#case-status"));

        var timeline = casePage.QuerySelectorAll("#timeline li").Select(li => li.TextContent).ToList();
        Assert.Equal(5, timeline.Count);
        Assert.Contains(timeline, t => t.Contains("Logged", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("Apologised in person", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("Fresh chicken wrap", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("customer delighted", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t.Contains("Resolved as won back", StringComparison.Ordinal));
        Assert.All(timeline.Take(3), t => Assert.Contains("Test cashier", t, StringComparison.Ordinal));
        Assert.All(timeline.Skip(3), t => Assert.Contains("Test manager", t, StringComparison.Ordinal));

        // Only reopen remains possible on a resolved case.
        Assert.Null(casePage.QuerySelector("#apology-form"));
        Assert.Null(casePage.QuerySelector("#resolve-form"));
        Assert.NotNull(casePage.QuerySelector("#reopen-form"));
    }

    [Fact]
    public async Task Unknown_case_is_404()
    {
        var response = await Client.GetAsync("/Cases/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
