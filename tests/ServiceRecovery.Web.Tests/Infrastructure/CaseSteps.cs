using System.Globalization;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>The everyday steps on a case, each through its real form, so a test can reach any state in a few lines.</summary>
public static class CaseSteps
{
    /// <summary>Logs a failure through the log form and returns the new case's id and page.</summary>
    public static async Task<(int Id, IHtmlDocument Page)> LogCaseAsync(this HttpClient client, string description, string failureType = "WrongOrder")
    {
        var form = (await client.GetDocumentAsync("/Cases/Log")).Form();
        var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = failureType,
            ["Failure.Description"] = description,
        });
        var id = CaseIdFrom(response);
        return (id, await client.FollowAsync(response));
    }

    /// <summary>The case id in a redirect to its page (/Cases/{id}).</summary>
    public static int CaseIdFrom(HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(redirect);
        var location = redirect.Headers.Location?.OriginalString ?? throw new Xunit.Sdk.XunitException($"No redirect: {redirect.StatusCode}.");
        Assert.StartsWith("/Cases/", location, StringComparison.Ordinal);
        return int.Parse(location["/Cases/".Length..], CultureInfo.InvariantCulture);
    }

    /// <summary>Submits one action form on the case page, expects the redirect back, and returns the fresh page.</summary>
    public static async Task<IHtmlDocument> ActAsync(this HttpClient client, IHtmlDocument casePage, string handler, IReadOnlyDictionary<string, string> values)
    {
        var response = await client.SubmitAsync(casePage.Form(handler), values);
        return await client.FollowAsync(response);
    }

    public static Task<IHtmlDocument> ApologiseAsync(this HttpClient client, IHtmlDocument casePage) =>
        client.ActAsync(casePage, "Apology", new Dictionary<string, string> { ["Apology.Method"] = "InPerson" });

    public static Task<IHtmlDocument> FollowUpAsync(this HttpClient client, IHtmlDocument casePage, string outcome = "Satisfied") =>
        client.ActAsync(casePage, "FollowUp", new Dictionary<string, string> { ["FollowUp.Channel"] = "InPerson", ["FollowUp.Outcome"] = outcome });

    public static Task<IHtmlDocument> ResolveAsync(this HttpClient client, IHtmlDocument casePage, string outcome = "WonBack") =>
        client.ActAsync(casePage, "Resolve", new Dictionary<string, string>
        {
            ["Resolve.RootCause"] = "ProcessError",
            ["Resolve.Dimension"] = "Reliability",
            ["Resolve.Outcome"] = outcome,
        });

    /// <summary>The case as stored, with everything on it.</summary>
    public static Task<RecoveryCase> LoadCaseAsync(this AppFactory factory, int id)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithDbAsync(db => db.Cases.AsNoTracking()
            .Include(c => c.Compensations)
            .Include(c => c.FollowUps)
            .Include(c => c.Resolutions)
            .Include(c => c.Timeline)
            .AsSplitQuery()
            .SingleAsync(c => c.Id == id));
    }

    /// <summary>The timeline lines shown on a case page, oldest first.</summary>
    public static IReadOnlyList<string> Timeline(this IHtmlDocument casePage)
    {
        ArgumentNullException.ThrowIfNull(casePage);
        return casePage.QuerySelectorAll("#timeline li").Select(li => li.TextContent.Trim()).ToList();
    }
}
