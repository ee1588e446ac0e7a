using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Pages.TellUs;

/// <summary>Each kind of card, end to end: a customer's phone posts the public form, the store's managers see the result.</summary>
public sealed class TellUsCardTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task A_complaint_with_consented_contact_becomes_an_urgent_feedback_card_case_in_the_managers_queue_with_the_customers_words()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        const string words = "Complaint A: we waited 40 minutes for two coffees and nobody said a word to us.";

        var sent = await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Complaint", words,
            ("About", "LateOrLongWait"), ("ContactConsent", "true"), ("Name", "Alena Customer"), ("Phone", "+420 777 123 456")));
        var thanks = await customer.ThanksAsync(sent);

        Assert.Contains("will contact you within 4 hours", thanks.Text("main"), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.Cases.Include(c => c.Timeline).SingleAsync(c => c.Description == words));
        Assert.Equal(Channel.FeedbackCard, stored.Channel);
        Assert.Equal(Severity.Major, stored.Severity);
        Assert.Equal(FailureType.LateOrLongWait, stored.FailureType);
        Assert.True(stored.IsOpen);
        Assert.Equal("Alena Customer", stored.Customer?.Name);
        Assert.Equal("+420 777 123 456", stored.Customer?.Phone);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.Customer?.ConsentGivenAt);

        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var queue = await manager.GetDocumentAsync("/Queue");
        var row = queue.QuerySelectorAll("a[href]").FirstOrDefault(a => a.GetAttribute("href") == $"/Cases/{stored.Id}");
        Assert.NotNull(row);
        var casePage = await manager.GetDocumentAsync($"/Cases/{stored.Id}");
        Assert.Contains(casePage.Timeline(), line => line.Contains($"The customer wrote: “{words}”", StringComparison.Ordinal));
        Assert.Contains("Feedback card", casePage.Text("main"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_major_card_complaint_is_overdue_for_follow_up_once_the_major_case_target_has_passed()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        const string words = "Complaint B: the burger was raw inside.";
        await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Complaint", words)));
        var id = await factory.WithDbAsync(db => db.Cases.Where(c => c.Description == words).Select(c => c.Id).SingleAsync());

        // A manager calls back and apologises at once; the follow-up is then due within the major target (4 h by default).
        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var casePage = await manager.GetDocumentAsync($"/Cases/{id}");
        await manager.ApologiseAsync(casePage);
        factory.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Contains("Follow-up due in", RowOf(await manager.GetDocumentAsync("/Queue"), id), StringComparison.Ordinal);
        factory.Clock.Advance(TimeSpan.FromHours(1.5));
        Assert.Contains("Follow-up overdue", RowOf(await manager.GetDocumentAsync("/Queue"), id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_complaint_without_contact_details_is_kept_without_any_and_the_thank_you_page_says_we_cannot_answer()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        const string words = "Complaint C: sticky tables everywhere.";

        var thanks = await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Complaint", words)));

        Assert.Contains("You left no contact details, so we cannot answer you", thanks.Text("main"), StringComparison.Ordinal);
        Assert.Null((await factory.WithDbAsync(db => db.Cases.SingleAsync(c => c.Description == words))).Customer);
    }

    [Fact]
    public async Task Complaint_cards_are_counted_on_the_dashboard_for_their_store_and_week_and_a_case_logged_at_the_counter_is_not()
    {
        var store = await factory.StoreAsync("Complaint store K");
        using var customer = factory.CustomerClient();
        foreach (var words in new[] { "Complaint K1: cold fries.", "Complaint K2: no napkins at all." })
        {
            await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Complaint", words)));
        }

        using var cashier = await factory.SignedInClientAsync(await factory.CreateStaffAsync("Cashier of K", Roles.Cashier, store));
        await cashier.LogCaseAsync("Counter K: the wrong bagel.");

        using var owner = await factory.SignedInClientAsync(Roles.Owner);

        var week = CurrentWeek();
        var oneStore = await owner.GetDocumentAsync($"/Dashboard?week={week}&store={store}");
        Assert.Equal(["0", "0", "2"], CardCells(oneStore, store));
        Assert.Equal("2", oneStore.QuerySelectorAll("#cards-by-store tfoot td")[^1].TextContent.Trim());
        var chain = await owner.GetDocumentAsync($"/Dashboard?week={week}");
        Assert.Equal(["0", "0", "2"], CardCells(chain, store));
        var previousWeek = await owner.GetDocumentAsync($"/Dashboard?week={ServiceRecovery.Web.Pages.Dashboard.IsoWeek.Containing(factory.Clock.GetUtcNow().UtcDateTime).Previous}&store={store}");
        Assert.Equal(["0", "0", "0"], CardCells(previousWeek, store));
    }

    private static List<string> CardCells(AngleSharp.Dom.IDocument dashboard, int store) =>
        dashboard.QuerySelectorAll($"#cards-by-store tr[data-store-id='{store}'] td").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public async Task Contact_details_without_the_consent_tick_are_refused_next_to_the_tick_kept_in_the_form_and_stored_nowhere()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        const string words = "Suggestion D: oat milk please.";

        foreach (var kind in new[] { "Complaint", "Praise", "Suggestion" })
        {
            var sent = await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card(kind, words,
                ("Name", "Dana Private"), ("Email", "dana.private@example.com"), ("Phone", "+420 600 000 001")));

            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            var page = await HtmlForms.ParseAsync(sent);
            Assert.Equal("Tick the box so we may contact you, or leave your details empty.", page.FieldError("Card.ContactConsent"));
            Assert.Equal("dana.private@example.com", page.FieldValue("Card.Email"));
            Assert.Equal(words, page.FieldValue("Card.Text"));
        }

        await factory.WithDbAsync(async db =>
        {
            Assert.False(await db.Cases.AnyAsync(c => c.Description == words || c.Customer!.Email == "dana.private@example.com"));
            Assert.False(await db.Commendations.AnyAsync(c => c.Text == words || c.Customer!.Email == "dana.private@example.com"));
            Assert.False(await db.Suggestions.AnyAsync(s => s.Text == words || s.Customer!.Email == "dana.private@example.com"));
        });
        Assert.DoesNotContain(factory.Logs.Lines, m => m.Contains("dana.private", StringComparison.OrdinalIgnoreCase) || m.Contains("Dana Private", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Praise_naming_a_staff_members_first_name_is_linked_to_their_account_and_reaches_their_manager_and_the_dashboard()
    {
        var store = await factory.StoreAsync("Praise store E");
        var jana = await factory.CreateStaffAsync("Jana Svobodova", Roles.Cashier, store);
        var manager = await factory.CreateStaffAsync("Manager of E", Roles.Manager, store);
        using var customer = factory.CustomerClient();
        const string words = "Praise E: Jana remembered my order from last week!";

        var thanks = await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store),
            TellUsSteps.Card("Praise", words, ("Employee", "  jana "))));

        Assert.Contains("We pass them on to the person you named and to their manager", thanks.Text("main"), StringComparison.Ordinal);
        var kept = await factory.WithDbAsync(db => db.Commendations.SingleAsync(c => c.Text == words));
        Assert.Equal(jana.Id, kept.StaffUserId);
        Assert.Equal("jana", kept.EmployeeName);
        Assert.Null(kept.Customer);

        using var managerClient = await factory.SignedInClientAsync(manager);
        var cards = await managerClient.GetDocumentAsync("/Cards");
        Assert.Contains(words, cards.Text("#praise"), StringComparison.Ordinal);
        Assert.Contains("for Jana Svobodova", cards.Text("#praise"), StringComparison.Ordinal);

        var dashboard = await managerClient.GetDocumentAsync($"/Dashboard?week={CurrentWeek()}");
        Assert.Equal("1", dashboard.QuerySelector($"#cards-by-store tr[data-store-id='{store}'] td")!.TextContent.Trim());
        var person = dashboard.QuerySelectorAll("#praise-by-employee tbody tr").Single();
        Assert.Equal(["Jana Svobodova", "Praise store E", "1"], person.QuerySelectorAll("td").Select(td => td.TextContent.Trim()));
    }

    [Fact]
    public async Task Praise_for_a_name_no_staff_account_matches_keeps_the_name_as_written_and_is_counted_apart()
    {
        var store = await factory.StoreAsync("Praise store F");
        await factory.CreateStaffAsync("Petr Novak", Roles.Cashier, store);
        await factory.CreateStaffAsync("Petr Dvorak", Roles.Cashier, store);
        using var customer = factory.CustomerClient();

        foreach (var (name, words) in new[] { ("Petr", "Praise F1: the Petr with glasses was lovely"), ("the tall barista", "Praise F2: great latte art"), ("The Tall Barista", "Praise F3: again!") })
        {
            await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Praise", words, ("Employee", name))));
        }

        var kept = await factory.WithDbAsync(db => db.Commendations.Where(c => c.StoreId == store).ToListAsync());
        Assert.All(kept, c => Assert.Null(c.StaffUserId));
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var cards = await owner.GetDocumentAsync($"/Cards?store={store}");
        var perPerson = cards.QuerySelectorAll("#praise-by-employee tbody tr").Select(r => r.TextContent.Trim()).ToList();
        Assert.Contains(perPerson, r => r.StartsWith("the tall barista (as written; no staff account matched)", StringComparison.Ordinal) && r.EndsWith('2'));
        Assert.Contains(perPerson, r => r.StartsWith("Petr (as written", StringComparison.Ordinal) && r.EndsWith('1'));
    }

    [Fact]
    public async Task A_suggestion_is_listed_as_new_its_status_changes_are_recorded_and_an_adoption_counts_on_the_dashboard()
    {
        var store = await factory.StoreAsync("Suggestion store G");
        var manager = await factory.CreateStaffAsync("Manager of G", Roles.Manager, store);
        using var customer = factory.CustomerClient();
        const string words = "Suggestion G: a bike rack by the door.";

        var thanks = await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Suggestion", words)));
        Assert.Contains("read every suggestion and mark whether they adopt it", thanks.Text("main"), StringComparison.Ordinal);

        using var managerClient = await factory.SignedInClientAsync(manager);
        var cards = await managerClient.GetDocumentAsync("/Cards");
        var item = cards.QuerySelector("#suggestions li")!;
        Assert.Contains(words, item.TextContent, StringComparison.Ordinal);
        Assert.Contains("New", item.TextContent, StringComparison.Ordinal);

        var considered = await managerClient.SubmitAsync(cards.Form("Status"), button: "Mark considered");
        Assert.Equal($"/Cards?store={store}", Answers.Location(considered));
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        cards = await managerClient.GetDocumentAsync(Answers.Location(considered)!);
        Assert.Contains("Suggestion marked considered.", cards.Text("[role=status]"), StringComparison.Ordinal);
        var adopted = await managerClient.SubmitAsync(cards.Form("Status"), button: "Mark adopted");
        cards = await managerClient.FollowAsync(adopted);

        Assert.Contains("Adopted by Manager of G", cards.Text("#suggestions"), StringComparison.Ordinal);
        var stored = await factory.WithDbAsync(db => db.Suggestions.Include(s => s.Changes).SingleAsync(s => s.Text == words));
        Assert.Equal(SuggestionStatus.Adopted, stored.Status);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, stored.AdoptedAt);
        Assert.Equal(
            [(SuggestionStatus.New, SuggestionStatus.Considered, "Manager of G"), (SuggestionStatus.Considered, SuggestionStatus.Adopted, "Manager of G")],
            stored.Changes.OrderBy(c => c.At).Select(c => (c.From, c.To, c.By)));

        var dashboard = await managerClient.GetDocumentAsync($"/Dashboard?week={CurrentWeek()}&store={store}");
        var cells = dashboard.QuerySelectorAll($"#cards-by-store tr[data-store-id='{store}'] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["0", "1", "0"], cells);
    }

    [Fact]
    public async Task A_stale_status_form_changes_nothing_and_says_so()
    {
        var store = await factory.DefaultStoreIdAsync();
        var id = await factory.SuggestionAsync(store, "Suggestion H: longer opening hours");
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var cards = await owner.GetDocumentAsync($"/Cards?store={store}");
        var form = cards.QuerySelector($"#suggestion-{id} form") as AngleSharp.Html.Dom.IHtmlFormElement;
        await factory.WithDbAsync(async db =>
        {
            var suggestion = await db.Suggestions.SingleAsync(s => s.Id == id);
            suggestion.ChangeStatus(SuggestionStatus.Considered, "Another manager", factory.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        });

        var answer = await owner.SubmitAsync(form!, button: "Mark adopted");
        Assert.Equal($"/Cards?store={store}", Answers.Location(answer));
        var page = await owner.FollowAsync(answer);

        Assert.Contains("This suggestion just changed", page.Text("[role=status]"), StringComparison.Ordinal);
        Assert.Equal(SuggestionStatus.Considered, await factory.WithDbAsync(db => db.Suggestions.Where(s => s.Id == id).Select(s => s.Status).SingleAsync()));
    }

    [Fact]
    public async Task What_a_customer_types_is_shown_to_staff_as_text_never_as_html()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        const string praise = "Praise I <script>alert('x')</script><b>bold</b>";
        const string complaint = "Complaint I <img src=x onerror=alert(1)>";
        await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Praise", praise, ("Employee", "<i>Eve</i>"))));
        await customer.ThanksAsync(await customer.SendCardAsync(await factory.CardPathAsync(store), TellUsSteps.Card("Complaint", complaint)));

        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var html = await (await owner.GetAsync($"/Cards?store={store}")).Content.ReadAsStringAsync();
        var queue = await (await owner.GetAsync("/Queue")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>bold</b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<i>Eve</i>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html + queue, StringComparison.Ordinal);
        var page = await owner.GetDocumentAsync($"/Cards?store={store}");
        Assert.Contains(praise, page.Text("#praise"), StringComparison.Ordinal);
        Assert.Contains(complaint, page.Text("#complaints"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_is_answered_next_to_the_field_with_everything_typed_kept()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        var path = await factory.CardPathAsync(store);
        var before = await Counts();

        var empty = await HtmlForms.ParseAsync(await customer.SendCardAsync(path, TellUsSteps.Card("Praise", "   ", ("Employee", "Kim"))));
        Assert.Equal("Write a few words.", empty.FieldError("Card.Text"));
        Assert.Equal("Kim", empty.FieldValue("Card.Employee"));

        var tooLong = new string('a', 801);
        var longPage = await HtmlForms.ParseAsync(await customer.SendCardAsync(path, TellUsSteps.Card("Suggestion", tooLong)));
        Assert.Equal("Keep it under 800 characters.", longPage.FieldError("Card.Text"));
        Assert.Equal(tooLong, longPage.FieldValue("Card.Text"));

        var page = await customer.GetDocumentAsync(path);
        var noKind = await HtmlForms.ParseAsync(await customer.SubmitAsync(page.Form(), new Dictionary<string, string> { ["Card.Text"] = "Which kind?" }));
        Assert.Equal("Choose what you would like to tell us.", noKind.QuerySelector("#Card_Kind_error")?.TextContent.Trim());

        var badEmail = await HtmlForms.ParseAsync(await customer.SendCardAsync(path, TellUsSteps.Card("Complaint", "Complaint J", ("ContactConsent", "true"), ("Email", "not-an-email"))));
        Assert.Equal("Enter an email address like name@example.com.", badEmail.FieldError("Card.Email"));

        Assert.Equal(before, await Counts());
    }

    [Fact]
    public async Task A_double_tap_keeps_one_card()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        var page = await customer.GetDocumentAsync(await factory.CardPathAsync(store));
        var form = page.Form().Fill(TellUsSteps.Card("Suggestion", "Suggestion K: more napkins"));
        var fields = form.Fields();

        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => customer.PostFieldsAsync(new Uri(form.Action).PathAndQuery, fields)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Suggestions.CountAsync(s => s.Text == "Suggestion K: more napkins")));
    }

    [Fact]
    public async Task An_unknown_or_malformed_card_address_is_not_found()
    {
        using var customer = factory.CustomerClient();
        foreach (var path in new[] { "/tell-us/" + new string('0', 32), "/tell-us/1", "/tell-us/" + new string('0', 32) + "/thanks?kind=Praise" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync(path)).StatusCode);
        }
    }

    [Fact]
    public async Task The_public_card_is_plain_for_customers_one_form_named_fields_and_no_staff_links()
    {
        var store = await factory.DefaultStoreIdAsync();
        using var customer = factory.CustomerClient();
        var page = await customer.GetDocumentAsync(await factory.CardPathAsync(store));

        Assert.Empty(page.QuerySelectorAll("nav, a[href^='/Account'], a[href^='/Today']"));
        Assert.Equal(["Complaint", "Praise", "Suggestion"], page.RadioOptions("Card.Kind"));
        foreach (var field in page.Form().Elements.Where(e => e.GetAttribute("type") is not ("hidden" or "radio" or "submit") && e.LocalName is "input" or "textarea" or "select"))
        {
            Assert.NotNull(page.QuerySelector($"label[for='{field.Id}']"));
        }

        Assert.Equal("-1", page.QuerySelector("input[name='Card.Website']")?.GetAttribute("tabindex"));
    }

    private static string RowOf(AngleSharp.Html.Dom.IHtmlDocument queue, int id) =>
        queue.QuerySelectorAll("li, tr").Last(r => r.QuerySelector($"a[href='/Cases/{id}']") is not null).TextContent;

    private string CurrentWeek() => ServiceRecovery.Web.Pages.Dashboard.IsoWeek.Containing(factory.Clock.GetUtcNow().UtcDateTime).ToString();

    private Task<(int, int, int)> Counts() => factory.WithDbAsync(async db => (await db.Cases.CountAsync(), await db.Commendations.CountAsync(), await db.Suggestions.CountAsync()));
}
