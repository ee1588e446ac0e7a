using System.Net;
using AngleSharp;
using AngleSharp.Html.Dom;

namespace ServiceRecovery.Reliability;

/// <summary>One browser-like client of the running app: its own cookies, no automatic redirects.</summary>
public sealed class WebSession : IDisposable
{
    private readonly HttpClient _client;

    public WebSession(Uri address, TimeSpan? timeout = null)
    {
        _client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true })
        {
            BaseAddress = address,
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
    }

    public async Task<IHtmlDocument> GetPageAsync(string url, CancellationToken cancellationToken = default)
    {
        using var response = await _client.GetAsync(new Uri(url, UriKind.Relative), cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode} {response.Headers.Location}");
        }

        return await ParseAsync(await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);
    }

    public static async Task<IHtmlDocument> ParseAsync(string html, CancellationToken cancellationToken = default) =>
        (IHtmlDocument)await BrowsingContext.New().OpenAsync(r => r.Content(html), cancellationToken);

    /// <summary>A form's action and the fields it would send; a radio group with nothing chosen takes its first option.</summary>
    public static (string Action, List<KeyValuePair<string, string>> Fields) Form(IHtmlDocument document, string pageUrl, string? handler = null)
    {
        var form = document.Forms.FirstOrDefault(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)
                && (handler is null || (f.GetAttribute("action") ?? string.Empty).Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase)))
            ?? throw new InvalidOperationException($"No form for handler {handler}.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement { Type: "radio" } radio:
                    var group = form.Elements.OfType<IHtmlInputElement>().Where(r => r.Type == "radio" && r.Name == name).ToList();
                    if (radio.IsChecked || (!group.Any(r => r.IsChecked) && group[0] == radio))
                    {
                        fields.Add(new(name, radio.Value));
                    }

                    break;
                case IHtmlInputElement { Type: "checkbox" } box:
                    if (box.IsChecked)
                    {
                        fields.Add(new(name, box.Value));
                    }

                    break;
                case IHtmlInputElement { Type: "submit" or "button" or "reset" or "image" }:
                case IHtmlButtonElement:
                    break;
                case IHtmlInputElement input:
                    fields.Add(new(name, input.Value));
                    break;
                case IHtmlTextAreaElement area:
                    fields.Add(new(name, area.Value));
                    break;
                case IHtmlSelectElement select:
                    fields.Add(new(name, select.Value ?? string.Empty));
                    break;
            }
        }

        var action = form.GetAttribute("action");
        return (string.IsNullOrEmpty(action) ? pageUrl : action, fields);
    }

    public async Task<HttpResponseMessage> PostAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        using var content = new FormUrlEncodedContent(fields);
        return await _client.PostAsync(new Uri(url, UriKind.Relative), content, cancellationToken);
    }

    /// <summary>Fills a page's form (given values replace or add fields) and posts it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string? handler, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken = default)
    {
        var (action, fields) = Form(await GetPageAsync(page, cancellationToken), page, handler);
        return await PostAsync(action, With(fields, values), cancellationToken);
    }

    public static List<KeyValuePair<string, string>> With(IEnumerable<KeyValuePair<string, string>> fields, IReadOnlyDictionary<string, string> values)
    {
        var result = fields.Where(f => !values.ContainsKey(f.Key)).ToList();
        result.AddRange(values);
        return result;
    }

    public async Task SignInAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        using var response = await SubmitAsync("/Account/Login", null, new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}.");
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>Makes the accounts a run needs through the app's own pages: the first owner (/Setup), then staff from Admin.</summary>
public static class Accounts
{
    public const string Password = "reliability harness password";

    public static async Task<WebSession> OwnerAsync(Uri address, CancellationToken cancellationToken)
    {
        var owner = new WebSession(address);
        using (var created = await owner.SubmitAsync("/Setup", null, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Harness owner",
            ["Input.Email"] = "owner@harness.test",
            ["Input.Password"] = Password,
        }, cancellationToken))
        {
            if (created.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException($"/Setup answered {(int)created.StatusCode}.");
            }
        }

        await owner.SignInAsync("owner@harness.test", Password, cancellationToken);
        return owner;
    }

    /// <summary>Creates a staff account at the first store, signs it in and replaces its temporary password.</summary>
    public static async Task<WebSession> StaffAsync(WebSession owner, Uri address, string name, string role, CancellationToken cancellationToken)
    {
        var page = await owner.GetPageAsync("/Admin/Staff/Create", cancellationToken);
        var (action, fields) = WebSession.Form(page, "/Admin/Staff/Create");
        var store = page.QuerySelector("input[type=checkbox][name='Staff.StoreIds']")?.GetAttribute("value") ?? "1";
        var email = $"{name.Replace(' ', '.').ToLowerInvariant()}@harness.test";
        using var created = await owner.PostAsync(action, WebSession.With(fields, new Dictionary<string, string>
        {
            ["Staff.DisplayName"] = name,
            ["Staff.Email"] = email,
            ["Staff.Role"] = role,
            ["Staff.StoreIds"] = store,
        }), cancellationToken);
        var location = created.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"Creating {name} answered {(int)created.StatusCode}.");
        var temporary = (await owner.GetPageAsync(location, cancellationToken)).QuerySelector("#temporary-password")?.TextContent.Trim()
            ?? throw new InvalidOperationException("No temporary password shown.");

        var session = new WebSession(address);
        await session.SignInAsync(email, temporary, cancellationToken);
        using var changed = await session.SubmitAsync("/Account/ChangePassword", null, new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = temporary,
            ["Input.NewPassword"] = Password,
            ["Input.ConfirmPassword"] = Password,
        }, cancellationToken);
        if (changed.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Changing {name}'s password answered {(int)changed.StatusCode}.");
        }

        return session;
    }
}
