using System.Net;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>The data-protection keys live in the app's data folder, so a restarted (or second) instance keeps sessions and open forms working.</summary>
public sealed class DataProtectionKeyTests
{
    [Fact]
    public async Task A_second_instance_on_the_same_data_folder_accepts_the_first_ones_sign_in_cookie_and_open_forms()
    {
        using var first = new AppFactory();
        var cashier = await first.StandardStaffAsync(Roles.Cashier);
        using var onFirst = await new CookieSession(first).SignInAsync(cashier);
        var openForm = (await onFirst.Client.GetDocumentAsync("/Cases/Log")).Form();
        using var anonymousOnFirst = new CookieSession(first);
        var openLoginForm = (await anonymousOnFirst.Client.GetDocumentAsync("/Account/Login")).Form();
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(first.DataDirectory, "keys"), "key-*.xml"));

        using (var second = first.SecondInstance())
        {
            using var onSecond = CopyOf(onFirst, second);
            Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/Today")).StatusCode);
            var logged = await onSecond.Client.SubmitAsync(openForm, new Dictionary<string, string>
            {
                ["Failure.FailureType"] = "LateOrLongWait",
                ["Failure.Description"] = "Second instance: form opened before the restart",
            });
            var id = CaseSteps.CaseIdFrom(logged);
            Assert.Equal("Test cashier", (await first.LoadCaseAsync(id)).LoggedBy);

            using var anonymousOnSecond = CopyOf(anonymousOnFirst, second);
            var signedIn = await anonymousOnSecond.Client.SubmitAsync(openLoginForm, new Dictionary<string, string>
            {
                ["Input.Email"] = cashier.Email,
                ["Input.Password"] = StaffLogin.Password,
            });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The control: an instance with a data folder of its own has other keys, and can read neither.
        using var stranger = new AppFactory();
        using var onStranger = CopyOf(onFirst, stranger);
        Assert.True(Answers.IsLoginChallenge(await onStranger.GetAsync("/Today")));
        using var anonymousOnStranger = CopyOf(anonymousOnFirst, stranger);
        var refused = await anonymousOnStranger.Client.SubmitAsync(openLoginForm, new Dictionary<string, string>
        {
            ["Input.Email"] = cashier.Email,
            ["Input.Password"] = StaffLogin.Password,
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>The same browser (its cookies) talking to another app instance.</summary>
    private static CookieSession CopyOf(CookieSession browser, AppFactory app)
    {
        var copy = new CookieSession(app);
        foreach (System.Net.Cookie cookie in browser.Cookies.GetAllCookies())
        {
            copy.Cookies.Add(cookie);
        }

        return copy;
    }
}
