using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Admin;

/// <summary>The chain-wide targets, a store's overrides, and the cashier limit deciding what waits for a manager.</summary>
public sealed class TargetsPageTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task The_chain_limit_and_a_store_override_decide_whether_a_cashiers_compensation_waits_for_approval()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        var store = await Factory.DefaultStoreIdAsync();

        var saved = await Client.SubmitAsync((await Client.GetDocumentAsync("/Admin/Targets")).Form(), new Dictionary<string, string>
        {
            ["Chain.CashierCompensationLimit"] = "10.00",
        });
        Assert.Equal("/Admin/Targets", saved.RedirectTarget());
        var targets = await Client.FollowAsync(saved);
        Assert.Equal("10.00", targets.FieldValue("Chain.CashierCompensationLimit"));
        Assert.Equal(1000, await Factory.WithDbAsync(db => db.Targets.Where(t => t.StoreId == null).Select(t => t.CashierCompensationLimitMinor).SingleAsync()));

        var pendingCase = await CompensateAsync(cashier, "Above the chain limit: wrong cake");
        Assert.NotNull(pendingCase.Page.QuerySelector("#approval"));
        Assert.True(Assert.Single((await Factory.LoadCaseAsync(pendingCase.Id)).Compensations).IsPending);

        var overridden = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.CashierCompensationLimit"] = "20,00",
        });
        Assert.Equal("/Admin/Targets", overridden.RedirectTarget());
        var row = (await Client.FollowAsync(overridden)).QuerySelector($"#store-targets tr[data-store-id='{store}']")!;
        Assert.Equal("EUR 20.00", row.QuerySelectorAll("td")[3].TextContent.Trim());
        Assert.Contains("fw-bold", row.QuerySelectorAll("td")[3].ClassList);

        var withinCase = await CompensateAsync(cashier, "Within the store limit: wrong cake again");
        Assert.Null(withinCase.Page.QuerySelector("#approval"));
        Assert.False(Assert.Single((await Factory.LoadCaseAsync(withinCase.Id)).Compensations).IsPending);

        // Emptying the override hands the store back to the chain's limit.
        var cleared = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.CashierCompensationLimit"] = string.Empty,
        });
        Assert.Equal("/Admin/Targets", cleared.RedirectTarget());
        Assert.False(await Factory.WithDbAsync(db => db.Targets.AnyAsync(t => t.StoreId == store)));
        Assert.NotNull((await CompensateAsync(cashier, "Back to the chain limit: wrong cake once more")).Page.QuerySelector("#approval"));
    }

    [Fact]
    public async Task A_stores_form_shows_its_own_values_and_the_chains_as_placeholders()
    {
        var store = await Client.CreateStoreAsync(Factory, "Override shop " + Guid.NewGuid().ToString("N")[..6]);

        var saved = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.MinutesToApology"] = "3",
            ["Targets.CashierCompensationLimit"] = "25.5",
        });
        Assert.Equal("/Admin/Targets", saved.RedirectTarget());

        var form = await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}");
        Assert.Equal("3", form.FieldValue("Targets.MinutesToApology"));
        Assert.Equal(string.Empty, form.FieldValue("Targets.HoursToFollowUp"));
        Assert.Equal("25.50", form.FieldValue("Targets.CashierCompensationLimit"));
        var chain = await Factory.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.StoreId == null));
        Assert.Equal(chain.HoursToFollowUp!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), form.QuerySelector("[name='Targets.HoursToFollowUp']")!.GetAttribute("placeholder"));
        var own = await Factory.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.StoreId == store));
        Assert.Equal((3, null, null, 2550L), (own.MinutesToApology, own.HoursToFollowUp, own.HoursToFollowUpMajor, own.CashierCompensationLimitMinor));
    }

    [Theory]
    [InlineData("Chain.MinutesToApology", "0", "Enter between 1 and 1440 minutes.")]
    [InlineData("Chain.MinutesToApology", "1441", "Enter between 1 and 1440 minutes.")]
    [InlineData("Chain.MinutesToApology", "5.5", "Enter a whole number of minutes, e.g. 5.")]
    [InlineData("Chain.MinutesToApology", "", "Enter the minutes to apology, e.g. 5.")]
    [InlineData("Chain.HoursToFollowUp", "-2", "Enter a whole number of hours, e.g. 24.")]
    [InlineData("Chain.HoursToFollowUp", "400", "Enter between 1 and 336 hours.")]
    [InlineData("Chain.HoursToFollowUpMajor", "48", "A major case needs a follow-up at least as fast as any case: at most 24 hours.")]
    [InlineData("Chain.CashierCompensationLimit", "-1", "The limit cannot be negative.")]
    [InlineData("Chain.CashierCompensationLimit", "1,000.00", "Enter an amount like 15.00 — digits and one decimal point, no thousands separators.")]
    [InlineData("Chain.CashierCompensationLimit", "1000000", "Enter a limit below 1000000.")]
    [InlineData("Chain.CashierCompensationLimit", "10.005", "Use at most 2 decimal places for EUR.")]
    [InlineData("Chain.CashierCompensationLimit", "", "Enter the limit (0 sends every cashier compensation to a manager).")]
    public async Task Invalid_chain_targets_are_refused_next_to_the_field_and_kept(string field, string value, string error)
    {
        var before = await ChainAsync();
        var form = (await Client.GetDocumentAsync("/Admin/Targets")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Chain.HoursToFollowUp"] = "24",
            [field] = value,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(response);
        Assert.Equal(error, again.FieldError(field));
        Assert.Equal(value, again.FieldValue(field));
        Assert.Single(again.QuerySelectorAll("#chain-form .field-validation-error"));
        Assert.Equal(before, await ChainAsync());
    }

    [Theory]
    [InlineData("Targets.MinutesToApology", "ten", "Enter a whole number of minutes, e.g. 5.")]
    [InlineData("Targets.HoursToFollowUpMajor", "999", "Enter between 1 and 336 hours.")]
    [InlineData("Targets.CashierCompensationLimit", "12.5.0", "Enter an amount like 15.00 — digits and one decimal point, no thousands separators.")]
    public async Task Invalid_store_overrides_are_refused_next_to_the_field_and_kept(string field, string value, string error)
    {
        var store = await Factory.DefaultStoreIdAsync();

        var response = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.HoursToFollowUp"] = "12",
            [field] = value,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(response);
        Assert.Equal(error, again.FieldError(field));
        Assert.Equal(value, again.FieldValue(field));
        Assert.Equal("12", again.FieldValue("Targets.HoursToFollowUp"));
        Assert.False(await Factory.WithDbAsync(db => db.Targets.AnyAsync(t => t.StoreId == store && t.HoursToFollowUp == 12)));
    }

    [Fact]
    public async Task A_stores_major_follow_up_may_not_exceed_the_follow_up_in_force_there_even_when_that_comes_from_the_chain()
    {
        var store = await Client.CreateStoreAsync(Factory, "Slow shop " + Guid.NewGuid().ToString("N")[..6]);
        var chain = await ChainAsync();

        var response = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.HoursToFollowUpMajor"] = (chain.Follow!.Value + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"A major case needs a follow-up at least as fast as any case: at most {chain.Follow} hours here.",
            (await HtmlForms.ParseAsync(response)).FieldError("Targets.HoursToFollowUpMajor"));
        Assert.False(await Factory.WithDbAsync(db => db.Targets.AnyAsync(t => t.StoreId == store)));
    }

    private static async Task<(int Id, AngleSharp.Html.Dom.IHtmlDocument Page)> CompensateAsync(HttpClient cashier, string description)
    {
        var (id, page) = await cashier.LogCaseAsync(description);
        page = await cashier.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "FreeItem",
            ["Compensation.Description"] = "Cake of their choice",
            ["Compensation.Amount"] = "12.00",
        });
        return (id, page);
    }

    private Task<(int? Apology, int? Follow, int? Major, long? Limit)> ChainAsync() => Factory.WithDbAsync(async db =>
    {
        var chain = await db.Targets.AsNoTracking().SingleAsync(t => t.StoreId == null);
        return (chain.MinutesToApology, chain.HoursToFollowUp, chain.HoursToFollowUpMajor, chain.CashierCompensationLimitMinor);
    });
}
