using System.Net;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Cards;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.TellUs;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Pages.Cards;

/// <summary>Only the managers of a store and the owners see its cards; only owners print them.</summary>
public sealed class CardsPageTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_stores_cards_are_seen_by_its_managers_and_the_owners_only()
    {
        var (storeA, storeB) = (await factory.StoreAsync("Cards A"), await factory.StoreAsync("Cards B"));
        var managerA = await factory.CreateStaffAsync("Manager of cards A", Roles.Manager, storeA);
        var managerB = await factory.CreateStaffAsync("Manager of cards B", Roles.Manager, storeB);
        var cashierA = await factory.CreateStaffAsync("Cashier of cards A", Roles.Cashier, storeA);
        using var customer = factory.CustomerClient();
        foreach (var (kind, text) in new[] { ("Complaint", "Cards A: cold soup"), ("Praise", "Cards A: lovely staff"), ("Suggestion", "Cards A: a kids' menu") })
        {
            await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(storeA), TellUsSteps.Card(kind, text)));
        }

        foreach (var login in new[] { managerA, await factory.StandardStaffAsync(Roles.Owner) })
        {
            using var client = await factory.SignedInClientAsync(login);
            var page = await client.GetDocumentAsync($"/Cards?store={storeA}");
            Assert.Contains("Cards A: cold soup", page.Text("#complaints"), StringComparison.Ordinal);
            Assert.Contains("Cards A: lovely staff", page.Text("#praise"), StringComparison.Ordinal);
            Assert.Contains("Cards A: a kids' menu", page.Text("#suggestions"), StringComparison.Ordinal);
        }

        using var otherManager = await factory.SignedInClientAsync(managerB);
        Assert.Equal(HttpStatusCode.NotFound, (await otherManager.GetAsync($"/Cards?store={storeA}")).StatusCode);
        var own = await otherManager.GetDocumentAsync("/Cards");
        Assert.Contains("Cards B", own.Text("h1"), StringComparison.Ordinal);
        Assert.DoesNotContain("Cards A:", own.Text("main"), StringComparison.Ordinal);
        Assert.Null(own.QuerySelector($"#store option[value='{storeA}']"));

        var suggestion = await factory.WithDbAsync(db => db.Suggestions.Where(s => s.Text == "Cards A: a kids' menu").Select(s => s.Id).SingleAsync());
        var token = (await otherManager.GetDocumentAsync("/Cards")).AntiforgeryToken();
        var refused = await otherManager.PostFieldsAsync("/Cards?handler=Status",
            [new("__RequestVerificationToken", token), new("suggestionId", $"{suggestion}"), new("version", "1"), new("status", "Adopted")]);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(SuggestionStatus.New, await factory.WithDbAsync(db => db.Suggestions.Where(s => s.Id == suggestion).Select(s => s.Status).SingleAsync()));

        using var cashier = await factory.SignedInClientAsync(cashierA);
        Assert.True(Answers.IsAccessDenied(await cashier.GetAsync($"/Cards?store={storeA}")));
        Assert.Null((await cashier.GetDocumentAsync("/Today")).QuerySelector("#nav-cards"));
    }

    [Fact]
    public async Task The_owner_prints_a_card_whose_qr_code_holds_the_stores_public_address()
    {
        var store = await factory.StoreAsync("Printed store");
        var token = await factory.TokenAsync(store);
        using var owner = await factory.SignedInClientAsync(Roles.Owner);

        var page = await owner.GetDocumentAsync($"/Cards/Print/{store}");

        var address = page.Text("#card-address");
        Assert.Equal($"http://localhost/tell-us/{token}", address);
        Assert.Matches("^[0-9a-f]{32}$", token);
        var src = page.QuerySelector("#qr")!.GetAttribute("src")!;
        Assert.StartsWith("data:image/svg+xml;base64,", src, StringComparison.Ordinal);
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(src["data:image/svg+xml;base64,".Length..]));
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);

        // The same address encoded independently gives the same modules: the code scans to the store's card.
        using var generator = new QRCodeGenerator();
        using var expected = generator.CreateQrCode(address, QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new SvgQRCode(expected).GetGraphic(10, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute), svg);
        Assert.NotEqual(FeedbackQr.Svg(address + "x"), svg);
        using var customer = factory.CustomerClient();
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(new Uri(address).PathAndQuery)).StatusCode);

        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        Assert.True(Answers.IsAccessDenied(await manager.GetAsync($"/Cards/Print/{store}")));
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync("/Cards/Print/987654")).StatusCode);
    }

    [Fact]
    public async Task The_owner_gives_a_misused_card_a_new_address_and_the_old_one_stops_working()
    {
        var store = await factory.StoreAsync("Renewed store");
        var oldPath = await factory.CardPathAsync(store);
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var print = await owner.GetDocumentAsync($"/Cards/Print/{store}");

        var renewed = await owner.FollowAsync(await owner.SubmitAsync(print.Form("Renew")));

        var newPath = await factory.CardPathAsync(store);
        Assert.NotEqual(oldPath, newPath);
        Assert.Contains("Cards printed before no longer work", renewed.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Equal($"http://localhost{newPath}", renewed.Text("#card-address"));
        using var customer = factory.CustomerClient();
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync(oldPath)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync(newPath)).StatusCode);
    }

    [Fact]
    public async Task Every_store_has_its_own_unguessable_token()
    {
        var ids = new[] { await factory.StoreAsync("Token 1"), await factory.StoreAsync("Token 2"), await factory.DefaultStoreIdAsync() };
        var tokens = new List<string>();
        foreach (var id in ids)
        {
            tokens.Add(await factory.TokenAsync(id));
        }

        Assert.All(tokens, t => Assert.Matches("^[0-9a-f]{32}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct().Count());
    }
}
