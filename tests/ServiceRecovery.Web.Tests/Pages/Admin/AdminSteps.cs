using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Admin;

/// <summary>The owner's admin steps through their real forms, so a test can set up stores and staff as the owner would.</summary>
public static class AdminSteps
{
    /// <summary>Creates a store through the form and returns its id.</summary>
    public static async Task<int> CreateStoreAsync(this HttpClient owner, AppFactory factory, string name, string timeZone = "Europe/Prague", string currency = "EUR")
    {
        ArgumentNullException.ThrowIfNull(factory);
        var form = (await owner.GetDocumentAsync("/Admin/Stores/Edit")).Form();
        var response = await owner.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Store.Name"] = name,
            ["Store.TimeZoneId"] = timeZone,
            ["Store.Currency"] = currency,
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await factory.WithDbAsync(db => db.Stores.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());
    }

    /// <summary>Ticks exactly these stores in a form's store checkboxes.</summary>
    public static IHtmlFormElement TickStores(this IHtmlFormElement form, string name, params int[] storeIds)
    {
        ArgumentNullException.ThrowIfNull(form);
        var boxes = form.Elements.OfType<IHtmlInputElement>().Where(e => e.Type == "checkbox" && e.Name == name).ToList();
        Assert.NotEmpty(boxes);
        foreach (var box in boxes)
        {
            box.IsChecked = storeIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).Contains(box.Value);
        }

        Assert.Equal(storeIds.Length, boxes.Count(b => b.IsChecked));
        return form;
    }

    /// <summary>Submits the new-account form and returns the redirect (to the temporary password page when it worked).</summary>
    public static async Task<HttpResponseMessage> SubmitNewStaffAsync(this HttpClient owner, string displayName, string email, string role, params int[] storeIds)
    {
        var form = (await owner.GetDocumentAsync("/Admin/Staff/Create")).Form().TickStores("Staff.StoreIds", storeIds);
        return await owner.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Staff.DisplayName"] = displayName,
            ["Staff.Email"] = email,
            ["Staff.Role"] = role,
        });
    }

    /// <summary>Creates an account through the form and reads the temporary password off the page that shows it.</summary>
    public static async Task<(string UserId, string Password)> CreateStaffAsync(this HttpClient owner, string displayName, string email, string role, params int[] storeIds)
    {
        var response = await owner.SubmitNewStaffAsync(displayName, email, role, storeIds);
        var location = response.Headers.Location?.OriginalString ?? throw new Xunit.Sdk.XunitException($"No redirect: {response.StatusCode}.");
        Assert.StartsWith("/Admin/Staff/TemporaryPassword/", location, StringComparison.Ordinal);
        var page = await owner.FollowAsync(response);
        return (location["/Admin/Staff/TemporaryPassword/".Length..], page.Text("#temporary-password"));
    }

    /// <summary>A fresh browser-like client that signs in with the given email and password.</summary>
    public static async Task<HttpClient> SignedInAsync(this AppFactory factory, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.SignInAsync(email, password);
        return client;
    }

    /// <summary>Changes the password on the change-password form and returns the redirect.</summary>
    public static async Task<HttpResponseMessage> ChangePasswordAsync(this HttpClient client, string current, string next)
    {
        var form = (await client.GetDocumentAsync("/Account/ChangePassword")).Form();
        return await client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = next,
            ["Input.ConfirmPassword"] = next,
        });
    }

    public static string NewEmail(string who) => $"{who}.{Guid.NewGuid():N}@test.local";

    /// <summary>Where a redirect points, as a path and query (the sign-in and access-denied redirects are absolute URLs).</summary>
    public static string RedirectTarget(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Expected a redirect, got {(int)response.StatusCode}.");
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }
}
