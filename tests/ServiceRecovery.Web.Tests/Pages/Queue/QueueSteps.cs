using AngleSharp.Html.Dom;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>Arranging the queue's world: a store of its own per test (with short targets), its manager, its cases.</summary>
public static class QueueSteps
{
    /// <summary>A new store with targets that a test can cross in minutes: apology 5 min, follow-up 2 h, major 1 h.</summary>
    public static Task<int> NewStoreAsync(this AppFactory factory, string name, string timeZone = "Europe/Prague") =>
        factory.WithDbAsync(async db =>
        {
            var store = new Store($"{name} {Guid.NewGuid():N}", timeZone, "EUR");
            db.Stores.Add(store);
            await db.SaveChangesAsync();
            db.Targets.Add(new RecoveryTargets { StoreId = store.Id, MinutesToApology = 5, HoursToFollowUp = 2, HoursToFollowUpMajor = 1 });
            await db.SaveChangesAsync();
            return store.Id;
        });

    /// <summary>Logs a case at a store through the log form.</summary>
    public static async Task<(int Id, IHtmlDocument Page)> LogAtAsync(
        this HttpClient client, int storeId, string description, string severity = "Minor", string failureType = "WrongOrder")
    {
        var form = (await client.GetDocumentAsync($"/Cases/Log?storeId={storeId}")).Form();
        var response = await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.StoreId"] = storeId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Failure.FailureType"] = failureType,
            ["Failure.Severity"] = severity,
            ["Failure.Description"] = description,
        });
        var id = CaseSteps.CaseIdFrom(response);
        return (id, await client.FollowAsync(response));
    }

    /// <summary>Many cases straight through the domain (as the log form would make them), for paging.</summary>
    public static Task AddCasesAsync(this AppFactory factory, int storeId, int count, Func<int, Severity> severity, TimeSpan apart)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithDbAsync(async db =>
        {
            var now = factory.Clock.GetUtcNow().UtcDateTime;
            for (var i = 0; i < count; i++)
            {
                var at = now - (apart * i);
                db.Cases.Add(RecoveryCase.Log(
                    new NewFailure(storeId, Guid.NewGuid(), at, Channel.Counter, FailureType.Quality, severity(i), $"Bulk case {i}", null, false, null, null, null),
                    "Test cashier", at, await db.EffectiveTargetsAsync(storeId, CancellationToken.None)));
            }

            await db.SaveChangesAsync();
        });
    }

    /// <summary>The case ids in the queue, top to bottom.</summary>
    public static IReadOnlyList<int> QueueIds(this IHtmlDocument page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.QuerySelectorAll("#queue li[data-case-id]").Select(li => int.Parse(li.GetAttribute("data-case-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
    }

    public static AngleSharp.Dom.IElement Row(this IHtmlDocument page, int id) =>
        page.QuerySelector($"#queue li[data-case-id='{id}']") ?? throw new Xunit.Sdk.XunitException($"Case {id} is not in the queue.");

    /// <summary>The label of an option in a filter's select, e.g. "Wrong order (3)".</summary>
    public static string Option(this IHtmlDocument page, string selectId, string value) =>
        page.QuerySelector($"#{selectId} option[value='{value}']")?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"No option {value} in #{selectId}.");
}
