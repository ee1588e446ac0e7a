using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Security;

namespace ServiceRecovery.Web.Tests.Pages.TellUs;

/// <summary>A customer's phone: no sign-in, cookies kept (the antiforgery cookie), redirects not followed.</summary>
public static class TellUsSteps
{
    public static HttpClient CustomerClient(this AppFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    public static async Task<string> CardPathAsync(this AppFactory factory, int storeId) => $"/tell-us/{await factory.TokenAsync(storeId)}";

    /// <summary>Opens the store's card, fills it as a customer would and sends it.</summary>
    public static async Task<HttpResponseMessage> SendCardAsync(this HttpClient customer, string cardPath, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var page = await customer.GetDocumentAsync(cardPath);
        return await customer.SubmitAsync(page.Form(), values);
    }

    public static Dictionary<string, string> Card(string kind, string text, params (string Field, string Value)[] more)
    {
        ArgumentNullException.ThrowIfNull(more);
        var values = new Dictionary<string, string> { ["Card.Kind"] = kind, ["Card.Text"] = text };
        foreach (var (field, value) in more)
        {
            values[$"Card.{field}"] = value;
        }

        return values;
    }

    public static async Task<IHtmlDocument> ThanksAsync(this HttpClient customer, HttpResponseMessage sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        Assert.True(sent.StatusCode == System.Net.HttpStatusCode.Redirect, Answers.Describe(sent));
        Assert.Contains("/thanks", Answers.Location(sent), StringComparison.Ordinal);
        return await customer.FollowAsync(sent);
    }
}
