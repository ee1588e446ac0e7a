using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Admin;

/// <summary>The owner's store list and store form: create, edit, and every refusal next to its field.</summary>
public sealed class StoresPageTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_new_store_is_created_from_the_form_and_listed()
    {
        var id = await Client.CreateStoreAsync(Factory, "Vinohrady", "Europe/Warsaw", " pln ");

        var store = await Factory.WithDbAsync(db => db.Stores.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(("Vinohrady", "Europe/Warsaw", "PLN"), (store.Name, store.TimeZoneId, store.Currency));
        var list = await Client.GetDocumentAsync("/Admin/Stores");
        var row = list.QuerySelectorAll("#stores tbody tr").Single(r => r.TextContent.Contains("Vinohrady", StringComparison.Ordinal));
        Assert.Contains("Europe/Warsaw", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("PLN", row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/Admin/Stores/Edit/{id}", row.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_time_zone_is_chosen_from_a_list_of_iana_zones()
    {
        var page = await Client.GetDocumentAsync("/Admin/Stores/Edit");

        var zones = page.QuerySelectorAll("select[name='Store.TimeZoneId'] option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("Europe/Prague", zones);
        Assert.Contains("America/New_York", zones);
        Assert.DoesNotContain("Central European Standard Time", zones);
        Assert.True(zones.Count > 100, $"Only {zones.Count} zones offered.");
    }

    [Fact]
    public async Task Editing_a_store_changes_its_name_zone_and_currency()
    {
        var id = await Client.CreateStoreAsync(Factory, "Karlín", "Europe/Prague", "CZK");

        var form = (await Client.GetDocumentAsync($"/Admin/Stores/Edit/{id}")).Form();
        Assert.Equal("Karlín", form.FieldValue("Store.Name"));
        Assert.Equal("Europe/Prague", form.FieldValue("Store.TimeZoneId"));
        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Store.Name"] = "Karlín riverside",
            ["Store.TimeZoneId"] = "Europe/Lisbon",
            ["Store.Currency"] = "EUR",
        });

        Assert.Equal("/Admin/Stores", response.RedirectTarget());
        var store = await Factory.WithDbAsync(db => db.Stores.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal(("Karlín riverside", "Europe/Lisbon", "EUR"), (store.Name, store.TimeZoneId, store.Currency));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", "Choose a time zone from the list, e.g. Europe/Prague.")]
    [InlineData("Central European Standard Time", "Choose a time zone from the list, e.g. Europe/Prague.")]
    [InlineData("", "Choose the store's time zone.")]
    public async Task A_time_zone_outside_the_list_is_refused_next_to_the_field(string zone, string error)
    {
        // A select cannot post a value it does not offer: this is what a tampering or stale client would send.
        var name = "Zone test " + Guid.NewGuid().ToString("N")[..6];
        var fields = (await Client.GetDocumentAsync("/Admin/Stores/Edit")).Form().Fields()
            .Select(f => f.Key switch
            {
                "Store.Name" => new KeyValuePair<string, string>(f.Key, name),
                "Store.TimeZoneId" => new KeyValuePair<string, string>(f.Key, zone),
                _ => f,
            });

        var response = await Client.PostFieldsAsync("/Admin/Stores/Edit", fields);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(response);
        Assert.Equal(error, again.FieldError("Store.TimeZoneId"));
        Assert.Null(again.FieldError("Store.Name"));
        Assert.Equal(name, again.FieldValue("Store.Name"));
        Assert.False(await Factory.WithDbAsync(db => db.Stores.AnyAsync(s => s.Name == name)));
    }

    [Theory]
    [InlineData("EURO", "A currency is its three-letter ISO 4217 code, e.g. EUR, CZK or PLN.")]
    [InlineData("E1R", "A currency is its three-letter ISO 4217 code, e.g. EUR, CZK or PLN.")]
    [InlineData("", "Enter the currency's code, e.g. EUR.")]
    public async Task A_currency_that_is_not_three_letters_is_refused_and_the_input_kept(string currency, string error)
    {
        var form = (await Client.GetDocumentAsync("/Admin/Stores/Edit")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Store.Name"] = "Currency test",
            ["Store.TimeZoneId"] = "Europe/Vienna",
            ["Store.Currency"] = currency,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(response);
        Assert.Equal(error, again.FieldError("Store.Currency"));
        Assert.Equal(currency, again.FieldValue("Store.Currency"));
        Assert.Equal("Currency test", again.FieldValue("Store.Name"));
        Assert.Equal("Europe/Vienna", again.FieldValue("Store.TimeZoneId"));
        Assert.False(await Factory.WithDbAsync(db => db.Stores.AnyAsync(s => s.Name == "Currency test")));
    }

    [Theory]
    [InlineData("Main store")]
    [InlineData("  MAIN STORE ")]
    public async Task A_name_another_store_has_is_refused_next_to_the_name(string name)
    {
        var form = (await Client.GetDocumentAsync("/Admin/Stores/Edit")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Store.Name"] = name,
            ["Store.TimeZoneId"] = "Europe/Prague",
            ["Store.Currency"] = "EUR",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(response);
        Assert.Equal($"There is already a store called \"{name.Trim()}\". Choose another name.", again.FieldError("Store.Name"));
        Assert.Equal(name, again.FieldValue("Store.Name"));
        Assert.Single(await Factory.WithDbAsync(db => db.Stores.Select(s => s.Name).ToListAsync()), n => string.Equals(n.Trim(), "Main store", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Renaming_a_store_to_another_stores_name_is_refused_but_keeping_its_own_name_is_not()
    {
        var id = await Client.CreateStoreAsync(Factory, "Žižkov");
        var form = (await Client.GetDocumentAsync($"/Admin/Stores/Edit/{id}")).Form();

        var refused = await Client.SubmitAsync(form, new Dictionary<string, string> { ["Store.Name"] = "Main store" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("There is already a store called \"Main store\". Choose another name.", (await HtmlForms.ParseAsync(refused)).FieldError("Store.Name"));

        var kept = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Stores/Edit/{id}")).Form(), new Dictionary<string, string> { ["Store.Currency"] = "CZK" });
        Assert.Equal("/Admin/Stores", kept.RedirectTarget());
        Assert.Equal("CZK", await Factory.WithDbAsync(db => db.Stores.Where(s => s.Id == id).Select(s => s.Currency).SingleAsync()));
    }

    [Fact]
    public async Task A_stores_currency_cannot_change_once_it_has_compensations()
    {
        var id = await Client.CreateStoreAsync(Factory, "Currency lock " + Guid.NewGuid().ToString("N")[..6]);
        var logged = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Cases/Log?storeId={id}")).Form(), new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Quality",
            ["Failure.Description"] = "Currency lock: cold coffee",
        });
        Assert.Equal(id, (await Factory.LoadCaseAsync(CaseSteps.CaseIdFrom(logged))).StoreId);
        await Client.ActAsync(await Client.FollowAsync(logged), "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Refund",
            ["Compensation.Description"] = "Coffee refunded",
            ["Compensation.Amount"] = "3.20",
        });

        var response = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Stores/Edit/{id}")).Form(), new Dictionary<string, string>
        {
            ["Store.Currency"] = "CZK",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("This store already has compensations recorded in EUR, so its currency stays EUR.", (await HtmlForms.ParseAsync(response)).FieldError("Store.Currency"));
        Assert.Equal("EUR", await Factory.WithDbAsync(db => db.Stores.Where(s => s.Id == id).Select(s => s.Currency).SingleAsync()));
    }

    [Fact]
    public async Task An_unknown_store_is_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync("/Admin/Stores/Edit/99999")).StatusCode);
    }
}
