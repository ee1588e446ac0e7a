using Microsoft.AspNetCore.Mvc.Testing;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>Hostile input on the sign-in, change-password and sign-out forms.</summary>
public sealed class HostileAccountFormsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Pages => ["sign in", "change password", "sign out"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_form_on_the_page_answers_hostile_input_without_a_5xx_or_reflection_and_stores_nothing_invalid(string page)
    {
        using var client = page == "sign in"
            ? factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true })
            : await factory.SignedInClientAsync(await factory.CreateStaffAsync($"Hostile {page}", Roles.Cashier, await factory.DefaultStoreIdAsync()));

        await HostileFormRun.FuzzPageAsync(factory, client, page switch
        {
            "sign in" => "/Account/Login",
            "change password" => "/Account/ChangePassword",
            _ => "/Today",
        }, includeSignOut: page == "sign out");
    }
}

/// <summary>Hostile input on /Setup, which exists only until the first owner is made: an app of its own with no accounts.</summary>
public sealed class HostileSetupFormTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_setup_form_answers_hostile_input_without_a_5xx_or_reflection_and_stores_nothing_invalid()
    {
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        await HostileFormRun.FuzzPageAsync(factory, anonymous, "/Setup");
    }
}

/// <summary>Hostile input on every form of the owner's administration.</summary>
public sealed class HostileAdminFormsTests(AppFactory factory) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Pages => ["new staff", "staff account", "new store", "store", "chain targets", "store targets"];

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_form_on_the_page_answers_hostile_input_without_a_5xx_or_reflection_and_stores_nothing_invalid(string page)
    {
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var store = await factory.DefaultStoreIdAsync();
        var url = page switch
        {
            "new staff" => "/Admin/Staff/Create",
            "staff account" => $"/Admin/Staff/Edit/{(await factory.CreateStaffAsync("Hostile admin target", Roles.Cashier, store)).Id}",
            "new store" => "/Admin/Stores/Edit",
            "store" => $"/Admin/Stores/Edit/{store}",
            "chain targets" => "/Admin/Targets",
            _ => $"/Admin/Targets/Store/{store}",
        };

        await HostileFormRun.FuzzPageAsync(factory, owner, url);
    }
}
