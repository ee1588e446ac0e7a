using System.Globalization;
using System.Net;
using Serilog.Events;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>Security events are logged with the user's id and the time; passwords, emails and customer details never are.</summary>
public sealed class SecurityLogTests(AppFactory factory) : IClassFixture<AppFactory>
{
    private const string SignedIn = "Sign-in succeeded for user {UserId}";
    private const string SignInFailed = "Sign-in failed for user {UserId}: {Reason}";
    private const string LockedOut = "Account locked out after repeated failures: user {UserId}";
    private const string CommandDenied = "Access denied: user {UserId} may not send {RequestName}";
    private const string PageDenied = "Access denied for user {UserId} to {Path}";
    private const string Conflict = "Concurrency conflict: user {UserId} sent {Action} on case {CaseId} from version {Version}, which is no longer current";
    private const string SignedOut = "Signed out: user {UserId}";

    [Fact]
    public async Task Sign_in_success_failure_and_lockout_are_logged_with_the_user_id_and_time()
    {
        var staff = await factory.CreateStaffAsync("Logged sign-ins", Roles.Cashier, await factory.DefaultStoreIdAsync());
        using var browser = new CookieSession(factory);
        var before = DateTimeOffset.Now;

        await browser.Client.SignInAsync(staff.Email, StaffLogin.Password);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await browser.Client.TrySignInAsync(staff.Email, $"not the password {attempt}");
        }

        await browser.Client.TrySignInAsync($"nobody.{Guid.NewGuid():N}@test.local", "whatever it is");
        var after = DateTimeOffset.Now;

        var ofUser = Events(before, after).Where(e => Scalar(e, "UserId") == staff.Id).ToList();
        Assert.Single(ofUser, e => e.MessageTemplate.Text == SignedIn);
        var failures = ofUser.Where(e => e.MessageTemplate.Text == SignInFailed).ToList();
        Assert.Equal(4, failures.Count);
        Assert.All(failures, e => Assert.Equal("wrong password", Scalar(e, "Reason")));
        Assert.Single(ofUser, e => e.MessageTemplate.Text == LockedOut);
        Assert.All(ofUser, e => Assert.True(e.Level >= LogEventLevel.Information));
        Assert.Contains(Events(before, after), e => e.MessageTemplate.Text == SignInFailed && Scalar(e, "UserId") == "unknown" && Scalar(e, "Reason") == "no such account");
    }

    [Fact]
    public async Task Access_denied_is_logged_with_the_user_id_the_action_and_the_page()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        var id = await factory.ApologisedAndFollowedUpCaseAsync(await factory.DefaultStoreIdAsync());
        using var browser = await new CookieSession(factory).SignInAsync(cashier);
        var token = (await browser.Client.GetDocumentAsync($"/Cases/{id}")).AntiforgeryToken();
        var before = DateTimeOffset.Now;

        var denied = await browser.Client.PostFieldsAsync($"/Cases/{id}?handler=Resolve",
        [
            new("__RequestVerificationToken", token), new("Resolve.CaseId", $"{id}"), new("Resolve.Version", $"{await factory.VersionAsync(id)}"),
            new("Resolve.RootCause", "ProcessError"), new("Resolve.Dimension", "Reliability"), new("Resolve.Outcome", "WonBack"),
        ]);
        Assert.True(Answers.IsAccessDenied(denied), Answers.Describe(denied));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.GetAsync(Answers.Location(denied)!)).StatusCode);
        var after = DateTimeOffset.Now;

        var events = Events(before, after).Where(e => Scalar(e, "UserId") == cashier.Id).ToList();
        Assert.Single(events, e => e.MessageTemplate.Text == CommandDenied && Scalar(e, "RequestName")!.EndsWith("ResolveCase+Command", StringComparison.Ordinal));
        Assert.Single(events, e => e.MessageTemplate.Text == PageDenied && Scalar(e, "Path") == $"/Cases/{id}?handler=Resolve");
        Assert.All(events.Where(e => e.MessageTemplate.Text is CommandDenied or PageDenied), e => Assert.Equal(LogEventLevel.Warning, e.Level));
    }

    [Fact]
    public async Task A_concurrency_conflict_is_logged_with_the_user_the_case_and_the_stale_version()
    {
        var manager = await factory.StandardStaffAsync(Roles.Manager);
        using var browser = await new CookieSession(factory).SignInAsync(manager);
        var (id, page) = await browser.Client.LogCaseAsync("Logged conflict: two people at once");
        await factory.SendAsync(new ServiceRecovery.Web.Pages.Cases.RecordApology.Command { CaseId = id, Version = 1 });
        var before = DateTimeOffset.Now;

        var response = await browser.Client.SubmitAsync(page.Form("Compensation"), new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Remake",
            ["Compensation.Description"] = "Made again",
            ["Compensation.Amount"] = "2.00",
        });
        var after = DateTimeOffset.Now;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var conflict = Assert.Single(Events(before, after), e => e.MessageTemplate.Text == Conflict);
        Assert.Equal(manager.Id, Scalar(conflict, "UserId"));
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), Scalar(conflict, "CaseId"));
        Assert.Equal("1", Scalar(conflict, "Version"));
        Assert.Equal("AddCompensation", Scalar(conflict, "Action"));
        Assert.Equal(LogEventLevel.Warning, conflict.Level);
    }

    [Fact]
    public async Task No_log_line_ever_holds_a_password_a_staff_email_or_the_customers_details()
    {
        var tag = Guid.NewGuid().ToString("N")[..10];
        var store = await factory.DefaultStoreIdAsync();
        var wrongPassword = $"wrong-{tag}-password";
        var newPassword = $"new-{tag}-password";
        var ghostEmail = $"ghost.{tag}@test.local";
        var customer = (Name: $"Ludmila X{tag}", Phone: $"+420 777 {tag[..3].Select(c => (c % 10).ToString(CultureInfo.InvariantCulture)).Aggregate(string.Concat)} 123", Email: $"ludmila.{tag}@example.com");
        var locked = await factory.CreateStaffAsync("Locks out", Roles.Cashier, store);
        var cashier = await factory.CreateStaffAsync("Changes password", Roles.Cashier, store);
        var manager = await factory.CreateStaffAsync("Sees conflicts", Roles.Manager, store);
        var started = DateTimeOffset.Now;

        // Sign-in failures of every kind, and a lockout.
        using (var anonymous = new CookieSession(factory))
        {
            await anonymous.Client.TrySignInAsync(ghostEmail, wrongPassword);
            for (var attempt = 0; attempt < 6; attempt++)
            {
                await anonymous.Client.TrySignInAsync(locked.Email, wrongPassword);
            }
        }

        // A cashier changes their password (once refused), logs a case with the customer's details, oversteps their role, and signs out.
        using (var browser = await new CookieSession(factory).SignInAsync(cashier))
        {
            var change = (await browser.Client.GetDocumentAsync("/Account/ChangePassword")).Form();
            await browser.Client.SubmitAsync(change, new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = wrongPassword,
                ["Input.NewPassword"] = newPassword,
                ["Input.ConfirmPassword"] = newPassword,
            });
            change = (await browser.Client.GetDocumentAsync("/Account/ChangePassword")).Form();
            await browser.Client.SubmitAsync(change, new Dictionary<string, string>
            {
                ["Input.CurrentPassword"] = StaffLogin.Password,
                ["Input.NewPassword"] = newPassword,
                ["Input.ConfirmPassword"] = newPassword,
            });

            var log = (await browser.Client.GetDocumentAsync("/Cases/Log")).Form();
            var logged = await browser.Client.SubmitAsync(log, new Dictionary<string, string>
            {
                ["Failure.FailureType"] = "StaffAttitude",
                ["Failure.Description"] = "Log secrets: rude at the till",
                ["Failure.CustomerConsents"] = "true",
                ["Failure.CustomerName"] = customer.Name,
                ["Failure.CustomerPhone"] = customer.Phone,
                ["Failure.CustomerEmail"] = customer.Email,
            });
            var id = CaseSteps.CaseIdFrom(logged);
            var page = await browser.Client.FollowAsync(logged);
            Assert.Contains(customer.Email, page.Body!.TextContent, StringComparison.Ordinal);
            var denied = await browser.Client.PostFieldsAsync($"/Cases/{id}?handler=FollowUp",
            [
                new("__RequestVerificationToken", page.AntiforgeryToken()), new("FollowUp.CaseId", $"{id}"), new("FollowUp.Version", "1"),
                new("FollowUp.Channel", "Phone"), new("FollowUp.Outcome", "Satisfied"),
            ]);
            await browser.GetAsync(Answers.Location(denied)!);

            // A manager acts on a page that has gone stale.
            using var colleague = await new CookieSession(factory).SignInAsync(manager);
            var stale = await colleague.Client.GetDocumentAsync($"/Cases/{id}");
            await browser.Client.ApologiseAsync(page);
            var conflict = await colleague.Client.SubmitAsync(stale.Form("Apology"), new Dictionary<string, string> { ["Apology.Method"] = "Phone" });
            Assert.Equal(HttpStatusCode.OK, conflict.StatusCode);

            await browser.Client.SubmitAsync((await browser.Client.GetDocumentAsync("/Account/Logout")).Form());
        }

        // The first owner's setup, on an app of its own.
        using var fresh = new AppFactory();
        var ownerEmail = $"owner.{tag}@test.local";
        var ownerPassword = $"owner-{tag}-password";
        using (var setup = new CookieSession(fresh))
        {
            var form = (await setup.Client.GetDocumentAsync("/Setup")).Form();
            var created = await setup.Client.SubmitAsync(form, new Dictionary<string, string>
            {
                ["Input.DisplayName"] = "Owner with secrets",
                ["Input.Email"] = ownerEmail,
                ["Input.Password"] = ownerPassword,
            });
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        // Every flow above was logged, so the check below reads real lines ...
        var templates = Events(started, DateTimeOffset.Now).Select(e => e.MessageTemplate.Text).ToHashSet();
        Assert.Superset(new HashSet<string> { SignedIn, SignInFailed, LockedOut, CommandDenied, PageDenied, Conflict, SignedOut }, templates);
        Assert.Contains(fresh.Logs.Events, e => e.MessageTemplate.Text.StartsWith("First owner account created", StringComparison.Ordinal));

        // ... and none of them, message or property, holds a password, an email or the customer's details.
        string[] secrets =
        [
            StaffLogin.Password, wrongPassword, newPassword, ownerPassword,
            ghostEmail, locked.Email, cashier.Email, manager.Email, ownerEmail, tag,
            customer.Name, customer.Phone, customer.Phone.Replace(" ", string.Empty, StringComparison.Ordinal), customer.Email, Uri.EscapeDataString(customer.Email),
        ];
        var lines = factory.Logs.Lines.Concat(fresh.Logs.Lines).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, line => line.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    private List<LogEvent> Events(DateTimeOffset from, DateTimeOffset to) =>
        factory.Logs.Events.Where(e => e.Timestamp >= from && e.Timestamp <= to).ToList();

    private static string? Scalar(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: var raw } ? Convert.ToString(raw, CultureInfo.InvariantCulture) : null;
}
