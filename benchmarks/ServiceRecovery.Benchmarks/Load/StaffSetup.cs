using System.Net;
using System.Text.RegularExpressions;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>The three signed-in sessions the load uses.</summary>
internal sealed record Sessions(Browser Owner, Browser Manager, Browser Cashier);

/// <summary>
/// Creates the staff accounts the way a new chain does, through the app's own pages: the first owner on /Setup with
/// the one-time code the app wrote beside its database; the owner adds a cashier (store 1) and a manager (stores 1 and
/// 2) under Admin and reads their temporary passwords; each signs in and chooses a password. On a reused database
/// (/Setup answers 404) the same accounts just sign in. Five sign-ins at most: the login rate limit allows ten a minute.
/// </summary>
internal static partial class StaffSetup
{
    // Benchmark-only accounts in a benchmark-only database.
    private const string OwnerEmail = "owner@load.example";
    private const string ManagerEmail = "manager@load.example";
    private const string CashierEmail = "cashier@load.example";
    private const string Password = "load-benchmark-password";

    public static async Task<Sessions> SignInAsync(HttpClient http, string dataDirectory)
    {
        var owner = new Browser(http);
        var setup = await owner.GetAsync("/Setup");
        if (setup.Status == HttpStatusCode.NotFound)
        {
            return new Sessions(await SignInAsAsync(http, OwnerEmail), await SignInAsAsync(http, ManagerEmail), await SignInAsAsync(http, CashierEmail));
        }

        Browser.Expect(setup, HttpStatusCode.OK, "GET /Setup");
        var code = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "setup-code.txt"))).Trim();
        Browser.Expect(
            await owner.PostFormAsync("/Setup",
            [
                new("Input.SetupCode", code), new("Input.DisplayName", "Load Owner"), new("Input.Email", OwnerEmail), new("Input.Password", Password),
                new("__RequestVerificationToken", Browser.InputValue(setup.Body, "__RequestVerificationToken") ?? string.Empty),
            ]),
            HttpStatusCode.Redirect,
            "POST /Setup");

        var manager = await CreateAndSignInAsync(http, owner, "Load Manager", ManagerEmail, "Manager", [1, 2]);
        var cashier = await CreateAndSignInAsync(http, owner, "Load Cashier", CashierEmail, "Cashier", [1]);
        Console.WriteLine($"Accounts: owner, manager (stores 1, 2), cashier (store 1) created through /Setup and /Admin/Staff");
        return new Sessions(owner, manager, cashier);
    }

    private static async Task<Browser> CreateAndSignInAsync(HttpClient http, Browser owner, string name, string email, string role, int[] stores)
    {
        var created = await owner.SubmitAsync("/Admin/Staff/Create",
            [new("Staff.DisplayName", name), new("Staff.Email", email), new("Staff.Role", role), .. stores.Select(s => new KeyValuePair<string, string>("Staff.StoreIds", s.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        Browser.Expect(created, HttpStatusCode.Redirect, $"create {role}");
        var shown = await owner.GetAsync(created.Location!);
        Browser.Expect(shown, HttpStatusCode.OK, "temporary password page");
        var temporary = WebUtility.HtmlDecode(TemporaryPassword().Match(shown.Body).Groups[1].Value);

        var staff = await SignInAsAsync(http, email, temporary);
        Browser.Expect(
            await staff.SubmitAsync("/Account/ChangePassword", [new("Input.CurrentPassword", temporary), new("Input.NewPassword", Password), new("Input.ConfirmPassword", Password)]),
            HttpStatusCode.Redirect,
            $"{role} changes the temporary password");
        Browser.Expect(await staff.GetAsync("/Today"), HttpStatusCode.OK, $"{role} opens /Today after choosing a password");
        return staff;
    }

    private static async Task<Browser> SignInAsAsync(HttpClient http, string email, string password = Password)
    {
        var browser = new Browser(http);
        var answer = await browser.SubmitAsync("/Account/Login", [new("Input.Email", email), new("Input.Password", password)]);
        Browser.Expect(answer, HttpStatusCode.Redirect, $"sign in {email}");
        return browser;
    }

    [GeneratedRegex("id=\"temporary-password\">([^<]+)<")]
    private static partial Regex TemporaryPassword();
}
