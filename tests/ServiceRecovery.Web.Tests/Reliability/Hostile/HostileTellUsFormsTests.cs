using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.TellUs;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>Hostile input on the customers' public card and on the staff's cards pages.</summary>
public sealed class HostileTellUsFormsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Pages => ["public card", "cards", "print card"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_form_on_the_page_answers_hostile_input_without_a_5xx_or_reflection_and_stores_nothing_invalid(string page)
    {
        var store = await factory.DefaultStoreIdAsync();
        if (page == "public card")
        {
            using var customer = factory.CustomerClient();
            await HostileFormRun.FuzzPageAsync(factory, customer, await factory.CardPathAsync(store));
            return;
        }

        // A suggestion on the cards page gives it its status forms.
        using (var customer = factory.CustomerClient())
        {
            await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Suggestion", "Offer oat milk, please."));
        }

        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        await HostileFormRun.FuzzPageAsync(factory, owner, page == "cards" ? $"/Cards?store={store}" : $"/Cards/Print/{store}");
    }
}
