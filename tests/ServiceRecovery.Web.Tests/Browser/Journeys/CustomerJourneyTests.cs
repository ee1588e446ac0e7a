using Microsoft.Playwright;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Pages.TellUs;
using ServiceRecovery.Web.Tests.Security;
using Xunit.Abstractions;

namespace ServiceRecovery.Web.Tests.Browser.Journeys;

/// <summary>
/// Journey 4, the customer (docs/screenshots: tellus-card, tellus-thanks, tellus-queue, tellus-case): on the store's
/// public tell-us card, with no sign-in, a customer says something went wrong and leaves a phone number with consent; the
/// thank-you page says a manager will be in touch. The store's manager then finds the complaint in the open queue as a
/// major case and reads the customer's own words on its timeline. Every screen is checked at every size.
/// </summary>
public sealed class CustomerJourneyTests(BrowserFixture fixture, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(Viewports.Phone)]
    [InlineData(Viewports.Tablet)]
    [InlineData(Viewports.Desktop)]
    public async Task A_customer_complains_on_the_store_card_and_the_manager_finds_it_in_the_queue_with_their_words(string viewport)
    {
        var app = fixture.App;
        var store = await app.DefaultStoreIdAsync();

        // Customers paste what they have: a long unbroken address must wrap on the manager's screens, not push them sideways.
        var words = $"Waited twenty minutes and the fries were cold ({viewport}), receipt photo: https://photos.example.test/receipts/2026-11-22/order-000123456789-cold-fries.jpg";
        const string Email = "jana.novakova.from.the.long.street@example-mail-provider.test";

        await using var session = await fixture.OpenAsync(viewport);
        var page = session.Page;
        await page.GoAsync(await app.CardPathAsync(store));
        var send = page.Locator("main").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send", Exact = true });
        await session.CheckScreenAsync("tellus-card", send, photograph: true);

        await page.ChooseAsync("What would you like to tell us?", "Something went wrong");
        Assert.True(await page.GetByLabel("What was it about? (optional)").IsVisibleAsync(), "The complaint's topic is hidden for a complaint.");
        Assert.False(await page.GetByLabel("Who would you like to praise? (optional)").IsVisibleAsync(), "The praise field shows for a complaint.");
        await page.GetByLabel("What was it about? (optional)").SelectOptionAsync(new SelectOptionValue { Value = nameof(FailureType.LateOrLongWait) });
        await page.GetByLabel("In your own words").FillAsync(words);
        await page.GetByLabel("Yes, the store may keep these details to contact me about this card").CheckAsync();
        await page.GetByLabel("Your name").FillAsync("Jana");
        await page.GetByLabel("Phone").FillAsync("+420 601 234 567");
        await page.GetByLabel("Email").FillAsync(Email);
        await session.CheckScreenAsync("tellus-card-filled", send);
        await page.SubmitAsync(send);

        Assert.EndsWith("/thanks", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("Thank you", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Contains("will contact you within 4 hours", await page.Locator("main .lead").TextContentAsync(), StringComparison.Ordinal);
        await session.CheckScreenAsync("tellus-thanks", page.Link("Send another card"), photograph: true);

        // The same phone, later, in the manager's hands.
        await session.SignInAsync(await app.StandardStaffAsync(Roles.Manager));
        await page.NavigateAsync("Open recoveries");
        var row = page.Locator("#queue > li").Filter(new LocatorFilterOptions { HasText = words });
        Assert.Equal(1, await row.CountAsync());
        var id = int.Parse(await row.GetAttributeAsync("data-case-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await row.Locator(".status-badge").GetByText("Major", new LocatorGetByTextOptions { Exact = true }).CountAsync());
        Assert.Contains(Labels.Of(FailureType.LateOrLongWait), await row.TextContentAsync(), StringComparison.Ordinal);
        var act = row.Locator("a.queue-action");
        await session.CheckScreenAsync("tellus-queue", act, photograph: true);

        await page.FollowLinkAsync(act);
        Assert.Equal(id, page.CaseId());
        Assert.Contains(await page.TimelineAsync(), t => t.Contains($"The customer wrote: “{words}”", StringComparison.Ordinal));
        var main = await page.Locator("main").TextContentAsync();
        Assert.Contains(Labels.Of(Channel.FeedbackCard), main, StringComparison.Ordinal);
        Assert.Contains($"Customer (consented): Jana +420 601 234 567 {Email}", main, StringComparison.Ordinal);
        await session.CheckScreenAsync("tellus-case", page.Button("Record apology"), photograph: true);

        await session.AssertEveryScreenCheckedAsync();
        session.Notes.ForEach(output.WriteLine);
    }

    /// <summary>
    /// The card's other paths on a phone: praise shows the employee field and hides the topic (CSS :has()), every control
    /// is named and reachable by Tab except the honeypot, and the thank-you page passes the same checks.
    /// </summary>
    [Fact]
    public async Task A_customer_praises_someone_from_a_phone()
    {
        var store = await fixture.App.StoreAsync("Browser card store");
        await using var session = await fixture.OpenAsync(Viewports.Phone);
        var page = session.Page;
        await page.GoAsync(await fixture.App.CardPathAsync(store));

        var unnamed = await page.MissingNamesAsync();
        Assert.True(unnamed.Count == 0, $"Controls without a name:\n{string.Join('\n', unnamed)}");
        var unreachable = await page.UnreachableByKeyboardAsync();
        Assert.True(unreachable.All(u => u.Contains("Website", StringComparison.Ordinal)), $"Not reachable by Tab:\n{string.Join('\n', unreachable)}");

        await page.ChooseAsync("What would you like to tell us?", "Praise someone");
        Assert.True(await page.GetByLabel("Who would you like to praise? (optional)").IsVisibleAsync());
        Assert.False(await page.GetByLabel("What was it about? (optional)").IsVisibleAsync());
        var send = page.Locator("main").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Send", Exact = true });
        await session.CheckScreenAsync("tellus-card-praise", send);

        await page.GetByLabel("Who would you like to praise? (optional)").FillAsync("Ola");
        await page.GetByLabel("In your own words").FillAsync("Browser: the quickest, friendliest service in town.");
        await page.SubmitAsync(send);

        Assert.EndsWith("/thanks", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("Thank you", (await page.Locator("h1").TextContentAsync())?.Trim());
        Assert.Contains("pass them on to the person you named", await page.Locator("main .lead").TextContentAsync(), StringComparison.Ordinal);
        await session.CheckScreenAsync("tellus-thanks-praise", page.Link("Send another card"));

        await session.AssertEveryScreenCheckedAsync();
        session.Notes.ForEach(output.WriteLine);
    }
}
