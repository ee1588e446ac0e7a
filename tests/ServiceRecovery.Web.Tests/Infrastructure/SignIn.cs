using System.Net;

namespace ServiceRecovery.Web.Tests.Infrastructure;

public static class SignIn
{
    /// <summary>Signs in through the real login form (antiforgery token and all) and expects the redirect.</summary>
    public static async Task SignInAsync(this HttpClient client, string email, string password)
    {
        var response = await client.TrySignInAsync(email, password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in as {email} answered {(int)response.StatusCode}.");
    }

    public static async Task<HttpResponseMessage> TrySignInAsync(this HttpClient client, string email, string password, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/Account/Login" : $"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
        var form = (await client.GetDocumentAsync(url)).Form();
        return await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }
}
