using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>Hostile input on every form of the counter and manager pages: log, the case page's actions, queue, today, dashboard.</summary>
public sealed class HostileCaseFormsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Pages => ["log", "new case", "awaiting approval", "followed up", "resolved", "queue", "today", "dashboard"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_form_on_the_page_answers_hostile_input_without_a_5xx_or_reflection_and_stores_nothing_invalid(string page)
    {
        var (client, url) = await PageAsync(page);
        using (client)
        {
            await HostileFormRun.FuzzPageAsync(factory, client, url);
        }
    }

    [Fact]
    public async Task Property_any_text_in_any_field_of_the_log_and_compensation_forms_is_answered_safely()
    {
        var (cashier, caseUrl) = await PageAsync("new case");
        using (cashier)
        {
            var forms = FormFuzzer.Forms(await cashier.GetDocumentAsync("/Cases/Log"), "/Cases/Log")
                .Concat(FormFuzzer.Forms(await cashier.GetDocumentAsync(caseUrl), caseUrl)).ToList();
            HostileProperty.Check(cashier, forms);
            Assert.Empty(await StoredData.ViolationsAsync(factory.ConnectionString));
        }
    }

    private async Task<(HttpClient Client, string Url)> PageAsync(string page)
    {
        await EnsureSecondStoreAsync();
        var cashier = await factory.SignedInClientAsync(Roles.Cashier);
        if (page is "log" or "new case")
        {
            return (cashier, page == "log" ? "/Cases/Log" : $"/Cases/{(await cashier.LogCaseAsync("Hostile input target")).Id}");
        }

        var (id, casePage) = await cashier.LogCaseAsync("Hostile input target");
        casePage = await cashier.ApologiseAsync(casePage);
        casePage = await cashier.ActAsync(casePage, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Refund",
            ["Compensation.Description"] = "Whole order refunded",
            ["Compensation.Amount"] = page is "awaiting approval" or "queue" ? "40.00" : "5.00",
        });
        cashier.Dispose();
        var manager = await factory.SignedInClientAsync(page is "today" or "dashboard" ? Roles.Owner : Roles.Manager);
        casePage = await manager.GetDocumentAsync($"/Cases/{id}");
        if (page is "followed up" or "resolved")
        {
            casePage = await manager.FollowUpAsync(casePage);
        }

        if (page == "resolved")
        {
            await manager.ResolveAsync(casePage);
        }

        return (manager, page switch
        {
            "queue" => "/Queue",
            "today" => "/Today",
            "dashboard" => "/Dashboard",
            _ => $"/Cases/{id}",
        });
    }

    private async Task EnsureSecondStoreAsync() =>
        await factory.WithDbAsync(async db =>
        {
            if (db.Stores.Count() < 2)
            {
                db.Stores.Add(new Store("Second store", "Europe/London", "GBP"));
                await db.SaveChangesAsync();
            }
        });
}
