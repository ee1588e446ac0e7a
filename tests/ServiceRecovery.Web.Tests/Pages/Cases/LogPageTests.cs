using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Pages.Cases;

/// <summary>The counter screen: its form, its validation, its one-time key, its antiforgery check, and what it stores.</summary>
public sealed class LogPageTests(AppFactory factory) : AppTestBase(factory)
{
    private static readonly TimeZoneInfo Prague = TimeZoneInfo.FindSystemTimeZoneById("Europe/Prague");

    [Fact]
    public async Task Get_shows_the_form_with_a_fresh_one_time_key_and_the_store_preselected()
    {
        var storeId = await Factory.DefaultStoreIdAsync();

        var first = await Client.GetDocumentAsync("/Cases/Log");
        var second = await Client.GetDocumentAsync("/Cases/Log");

        var key = Guid.Parse(first.FieldValue("Failure.LogKey")!);
        Assert.NotEqual(Guid.Empty, key);
        Assert.NotEqual(key, Guid.Parse(second.FieldValue("Failure.LogKey")!));
        Assert.Equal(storeId.ToString(CultureInfo.InvariantCulture), first.FieldValue("Failure.StoreId"));
        Assert.NotEmpty(first.AntiforgeryToken());

        // Nothing about the failure is pre-chosen except the usual severity and place.
        Assert.Null(first.FieldValue("Failure.FailureType"));
        Assert.Equal("Minor", first.FieldValue("Failure.Severity"));
        Assert.Equal("Counter", first.FieldValue("Failure.Channel"));
        Assert.Equal(string.Empty, first.FieldValue("Failure.Description"));
    }

    [Fact]
    public async Task The_store_in_the_link_is_preselected_when_there_are_several()
    {
        var defaultStoreId = await Factory.DefaultStoreIdAsync();
        var secondStoreId = await Factory.WithDbAsync(async db =>
        {
            // Sorts after "Main store", so the default store stays the first choice for the other tests.
            var existing = await db.Stores.FirstOrDefaultAsync(s => s.Name == "Zlin store");
            if (existing is null)
            {
                existing = new Store("Zlin store", "Europe/Prague", "CZK");
                db.Stores.Add(existing);
                await db.SaveChangesAsync();
            }

            return existing.Id;
        });

        var linked = await Client.GetDocumentAsync($"/Cases/Log?storeId={secondStoreId}");
        var plain = await Client.GetDocumentAsync("/Cases/Log");

        Assert.IsAssignableFrom<IHtmlSelectElement>(linked.QuerySelector("[name='Failure.StoreId']"));
        Assert.Equal(secondStoreId.ToString(CultureInfo.InvariantCulture), linked.FieldValue("Failure.StoreId"));
        Assert.Equal(defaultStoreId.ToString(CultureInfo.InvariantCulture), plain.FieldValue("Failure.StoreId"));
    }

    [Fact]
    public async Task Invalid_submit_shows_each_error_next_to_its_field_and_keeps_everything_typed()
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
        var logKey = Guid.Parse(form.Fields().Single(f => f.Key == "Failure.LogKey").Value);

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            // No failure type chosen, no description.
            ["Failure.Severity"] = "Major",
            ["Failure.Channel"] = "Delivery",
            ["Failure.OrderReference"] = "D-4471",
            ["Failure.CustomerName"] = "Jana Novakova",
            ["Failure.CustomerPhone"] = "+420 601 222 333",
            ["Failure.CustomerEmail"] = "jana.novakova-at-example",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("Choose what went wrong.", page.FieldError("Failure.FailureType"));
        Assert.Equal("Say in a line what happened.", page.FieldError("Failure.Description"));
        Assert.Equal("Enter an email address like name@example.com.", page.FieldError("Failure.CustomerEmail"));
        Assert.Equal("Tick consent to keep the customer's contact details, or clear them.", page.FieldError("Failure.CustomerConsents"));
        Assert.Null(page.FieldError("Failure.CustomerPhone"));
        Assert.Null(page.FieldError("Failure.Severity"));

        Assert.Equal("Major", page.FieldValue("Failure.Severity"));
        Assert.Equal("Delivery", page.FieldValue("Failure.Channel"));
        Assert.Equal("D-4471", page.FieldValue("Failure.OrderReference"));
        Assert.Equal("Jana Novakova", page.FieldValue("Failure.CustomerName"));
        Assert.Equal("+420 601 222 333", page.FieldValue("Failure.CustomerPhone"));
        Assert.Equal("jana.novakova-at-example", page.FieldValue("Failure.CustomerEmail"));
        Assert.Equal("false", page.FieldValue("Failure.CustomerConsents"));
        Assert.Equal(logKey.ToString(), page.FieldValue("Failure.LogKey"));
        Assert.NotNull(page.QuerySelector("details[open]"));
        Assert.Equal(0, await CasesWithKeyAsync(logKey));

        // Correcting the same form saves it: nothing typed had to be entered again.
        var corrected = await Client.SubmitAsync(page.Form(), new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "LateOrLongWait",
            ["Failure.Description"] = "Delivery came 50 minutes late and cold",
            ["Failure.CustomerEmail"] = "jana.novakova@example.com",
            ["Failure.CustomerConsents"] = "true",
        });
        var id = CaseSteps.CaseIdFrom(corrected);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(logKey, stored.LogKey);
        Assert.Equal(Severity.Major, stored.Severity);
        Assert.Equal(Channel.Delivery, stored.Channel);
        Assert.Equal("D-4471", stored.OrderReference);
        Assert.Equal("+420 601 222 333", stored.Customer?.Phone);
    }

    [Fact]
    public async Task An_over_long_description_is_refused_and_kept_with_the_chosen_type()
    {
        var description = string.Concat(Enumerable.Repeat("The soup was cold and the bread was stale. ", 7));
        Assert.True(description.Length > RecoveryCase.DescriptionMaxLength);
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Quality",
            ["Failure.Description"] = description,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal($"Keep it under {RecoveryCase.DescriptionMaxLength} characters.", page.FieldError("Failure.Description"));
        Assert.Null(page.FieldError("Failure.FailureType"));
        Assert.Equal(description, page.FieldValue("Failure.Description"));
        Assert.Equal("Quality", page.FieldValue("Failure.FailureType"));
        Assert.Equal(0, await CasesWithKeyAsync(Guid.Parse(page.FieldValue("Failure.LogKey")!)));
    }

    [Fact]
    public async Task A_time_in_the_future_is_refused_next_to_the_time_and_the_rest_is_kept()
    {
        var tomorrowLocal = LocalNow().AddDays(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "MissingItem",
            ["Failure.Description"] = "No fries in the bag",
            ["Failure.Channel"] = "DriveThrough",
            ["Failure.OccurredAtLocal"] = tomorrowLocal,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal("That time is in the future. Leave it empty for \"just now\".", page.FieldError("Failure.OccurredAtLocal"));
        Assert.Equal(tomorrowLocal, page.FieldValue("Failure.OccurredAtLocal"));
        Assert.Equal("No fries in the bag", page.FieldValue("Failure.Description"));
        Assert.Equal("MissingItem", page.FieldValue("Failure.FailureType"));
        Assert.Equal("DriveThrough", page.FieldValue("Failure.Channel"));
        Assert.Equal(0, await CasesWithKeyAsync(Guid.Parse(page.FieldValue("Failure.LogKey")!)));
    }

    [Fact]
    public async Task A_time_typed_in_store_time_is_stored_in_utc_and_shown_back_in_store_time()
    {
        var tenMinutesAgo = LocalNow().AddMinutes(-10);
        var typed = tenMinutesAgo.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "StaffAttitude",
            ["Failure.Description"] = "Cashier rolled her eyes at a question",
            ["Failure.OccurredAtLocal"] = typed,
        });

        var id = CaseSteps.CaseIdFrom(response);
        var page = await Client.FollowAsync(response);
        var stored = await Factory.LoadCaseAsync(id);
        var expectedUtc = TimeZoneInfo.ConvertTimeToUtc(DateTime.ParseExact(typed, "yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture), Prague);
        Assert.Equal(expectedUtc, stored.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, stored.OccurredAt.Kind);
        Assert.Contains($"happened {tenMinutesAgo.ToString("ddd d MMM, HH:mm", CultureInfo.InvariantCulture)}", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_the_same_form_twice_creates_one_case_and_both_answers_show_it()
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
        form.Fill(new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "WrongOrder",
            ["Failure.Description"] = "Double-tapped save on a wrong burger",
        });
        var logKey = Guid.Parse(form.Fields().Single(f => f.Key == "Failure.LogKey").Value);

        var first = await Client.SubmitAsync(form);
        var second = await Client.SubmitAsync(form);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, await CasesWithKeyAsync(logKey));
        var id = CaseSteps.CaseIdFrom(second);
        Assert.Equal(id, await Factory.WithDbAsync(db => db.Cases.Where(c => c.LogKey == logKey).Select(c => c.Id).SingleAsync()));
        var page = await Client.FollowAsync(second);
        Assert.Contains("Double-tapped save on a wrong burger", page.Text("p.lead"), StringComparison.Ordinal);
        Assert.Single(page.Timeline());
    }

    [Fact]
    public async Task Posting_the_same_form_twice_at_once_creates_one_case()
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
        form.Fill(new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "BillingError",
            ["Failure.Description"] = "Charged twice for one coffee",
        });
        var fields = form.Fields();
        var logKey = Guid.Parse(fields.Single(f => f.Key == "Failure.LogKey").Value);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Client.PostFieldsAsync("/Cases/Log", fields)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        Assert.Equal(1, await CasesWithKeyAsync(logKey));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_creates_nothing()
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
        form.Fill(new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Cleanliness",
            ["Failure.Description"] = "Sticky tables by the window",
        });
        var fields = form.Fields();
        var logKey = Guid.Parse(fields.Single(f => f.Key == "Failure.LogKey").Value);
        Assert.Contains(fields, f => f.Key == "__RequestVerificationToken");

        var withoutToken = await Client.PostFieldsAsync("/Cases/Log", fields.Where(f => f.Key != "__RequestVerificationToken"));

        // The token without its cookie (another signed-in browser replaying the form) is refused too.
        using var otherBrowser = await Factory.SignedInClientAsync(Roles.Owner);
        var withoutCookie = await otherBrowser.PostFieldsAsync("/Cases/Log", fields);

        Assert.Equal(HttpStatusCode.BadRequest, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withoutCookie.StatusCode);
        Assert.Equal(0, await CasesWithKeyAsync(logKey));

        // The very same fields with the token, from the browser that got the form, are accepted.
        var genuine = await Client.PostFieldsAsync("/Cases/Log", fields);
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.Equal(1, await CasesWithKeyAsync(logKey));
    }

    [Fact]
    public async Task Customer_contact_given_with_consent_is_stored_and_shown_on_the_case()
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "LateOrLongWait",
            ["Failure.Description"] = "Waited 25 minutes for a salad",
            ["Failure.CustomerConsents"] = "true",
            ["Failure.CustomerName"] = "  Petr Svoboda ",
            ["Failure.CustomerPhone"] = "+420 777 100 200",
            ["Failure.CustomerEmail"] = "petr.svoboda@example.com",
        });

        var id = CaseSteps.CaseIdFrom(response);
        var page = await Client.FollowAsync(response);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.NotNull(stored.Customer);
        Assert.Equal("Petr Svoboda", stored.Customer.Name);
        Assert.Equal("+420 777 100 200", stored.Customer.Phone);
        Assert.Equal("petr.svoboda@example.com", stored.Customer.Email);
        Assert.Equal(Factory.Clock.GetUtcNow().UtcDateTime, stored.Customer.ConsentGivenAt);

        var shown = page.Body!.TextContent;
        Assert.Contains("Petr Svoboda", shown, StringComparison.Ordinal);
        Assert.Contains("+420 777 100 200", shown, StringComparison.Ordinal);
        Assert.Contains("petr.svoboda@example.com", shown, StringComparison.Ordinal);

        // The timeline notes the consent but holds no contact data.
        var logged = Assert.Single(page.Timeline());
        Assert.Contains("customer contact kept with consent", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("Svoboda", logged, StringComparison.Ordinal);
        Assert.All(stored.Timeline, e => Assert.DoesNotContain("Svoboda", e.Summary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Html_typed_into_the_form_is_shown_as_text_never_as_markup()
    {
        const string description = "<script>alert('x')</script><b>bold</b> & <img src=x onerror=alert(1)>";
        const string orderReference = "<i>A-1</i>";
        const string name = "<u>Eve</u>";
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Other",
            ["Failure.Description"] = description,
            ["Failure.OrderReference"] = orderReference,
            ["Failure.CustomerConsents"] = "true",
            ["Failure.CustomerName"] = name,
        });

        var casePage = await Client.FollowAsync(response);
        var today = await Client.GetDocumentAsync("/Today");
        foreach (var page in new[] { casePage, today })
        {
            Assert.Empty(page.QuerySelectorAll("main script, main b, main i, main u, img"));
            Assert.Contains(description, page.Body!.TextContent, StringComparison.Ordinal);
        }

        Assert.Equal(description, casePage.Text("p.lead"));
        Assert.Contains(orderReference, casePage.Body!.TextContent, StringComparison.Ordinal);
        Assert.Contains(name, casePage.Body.TextContent, StringComparison.Ordinal);

        // Re-rendered into the form after a validation error, it stays inert text too.
        var invalid = await Client.SubmitAsync((await Client.GetDocumentAsync("/Cases/Log")).Form(), new Dictionary<string, string>
        {
            ["Failure.Description"] = description,
        });
        var again = await HtmlForms.ParseAsync(invalid);
        Assert.Equal(description, again.FieldValue("Failure.Description"));
        Assert.Empty(again.QuerySelectorAll("main script, main b, img"));
    }

    private DateTime LocalNow() => TimeZoneInfo.ConvertTimeFromUtc(Factory.Clock.GetUtcNow().UtcDateTime, Prague);

    private Task<int> CasesWithKeyAsync(Guid logKey) => Factory.WithDbAsync(db => db.Cases.CountAsync(c => c.LogKey == logKey));

    [Fact]
    public async Task A_one_time_key_of_another_stores_case_reveals_nothing_and_a_fresh_key_lets_the_cashier_save()
    {
        var otherStore = await Factory.StoreAsync("Key elsewhere " + Guid.NewGuid().ToString("N")[..6]);
        var otherCase = await Factory.CaseAsync(otherStore);
        var otherKey = await Factory.WithDbAsync(db => db.Cases.Where(c => c.Id == otherCase).Select(c => c.LogKey).SingleAsync());
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        var form = (await cashier.GetDocumentAsync("/Cases/Log")).Form();

        var response = await cashier.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.LogKey"] = otherKey.ToString(),
            ["Failure.FailureType"] = "MissingItem",
            ["Failure.Description"] = "No fries in the bag",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Contains("This form had expired. Check what you typed and press Save again.", page.Text("[role='alert']"), StringComparison.Ordinal);
        Assert.DoesNotContain(otherCase.ToString(CultureInfo.InvariantCulture), response.Headers.Location?.OriginalString ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal("No fries in the bag", page.FieldValue("Failure.Description"));
        var freshKey = Guid.Parse(page.FieldValue("Failure.LogKey")!);
        Assert.NotEqual(otherKey, freshKey);

        var saved = await cashier.SubmitAsync(page.Form());
        var id = CaseSteps.CaseIdFrom(saved);
        var stored = await Factory.LoadCaseAsync(id);
        Assert.Equal(freshKey, stored.LogKey);
        Assert.Equal("No fries in the bag", stored.Description);
    }
}
