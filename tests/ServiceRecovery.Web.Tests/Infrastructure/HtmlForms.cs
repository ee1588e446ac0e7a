using System.Net;
using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Io;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>
/// Drives the app the way a browser does: GET a page, fill its real &lt;form&gt; (hidden antiforgery token and
/// one-time keys included) and submit what the form itself would send.
/// </summary>
public static class HtmlForms
{
    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ParseAsync(response);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var content = await response.Content.ReadAsStringAsync();
        var context = BrowsingContext.New();
        var document = await context.OpenAsync(request =>
        {
            request.Content(content);
            request.Address(response.RequestMessage!.RequestUri!);
        });
        return (IHtmlDocument)document;
    }

    /// <summary>The form whose action posts to the given page handler (or the first form).</summary>
    public static IHtmlFormElement Form(this IHtmlDocument document, string? handler = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        var forms = document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase)).ToList();
        var form = handler is null
            ? forms.FirstOrDefault()
            : forms.FirstOrDefault(f => f.Action.Contains($"handler={handler}", StringComparison.OrdinalIgnoreCase));
        return form ?? throw new Xunit.Sdk.XunitException($"No form for handler '{handler}' on {document.Url}. Forms: {string.Join(", ", forms.Select(f => f.Action))}");
    }

    /// <summary>Sets fields like a user would (buttons are chosen when submitting, not filled): text into inputs, a value picks a radio or option, "true"/"false" ticks a checkbox.</summary>
    public static IHtmlFormElement Fill(this IHtmlFormElement form, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            var fields = form.Elements.Where(e => e.GetAttribute("name") == name).ToList();
            if (fields.Count == 0)
            {
                throw new Xunit.Sdk.XunitException($"The form has no field named '{name}'.");
            }

            foreach (var field in fields)
            {
                switch (field)
                {
                    case IHtmlInputElement { Type: "radio" } radio:
                        radio.IsChecked = radio.Value == value;
                        break;
                    case IHtmlInputElement { Type: "checkbox" } checkbox:
                        checkbox.IsChecked = bool.Parse(value);
                        break;
                    case IHtmlInputElement { Type: "hidden" } when fields.OfType<IHtmlInputElement>().Any(f => f.Type == "checkbox"):
                        // The "false" that ASP.NET posts for an unticked checkbox stays as it is.
                        break;
                    case IHtmlInputElement input:
                        input.Value = value;
                        break;
                    case IHtmlTextAreaElement textArea:
                        textArea.Value = value;
                        break;
                    case IHtmlSelectElement select:
                        select.Value = value;
                        break;
                }
            }

            if (fields.OfType<IHtmlInputElement>().Any(f => f.Type == "radio") && !fields.OfType<IHtmlInputElement>().Any(f => f.IsChecked))
            {
                throw new Xunit.Sdk.XunitException($"No option '{value}' for radio group '{name}'.");
            }
        }

        return form;
    }

    /// <summary>Submits the form as the browser would encode it; redirects are not followed.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, IHtmlFormElement form, IReadOnlyDictionary<string, string>? values = null, string? button = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        if (values is not null)
        {
            form.Fill(values);
        }

        // Like a tap on a named submit button: its name=value goes with the form.
        var submitter = button is null ? null
            : form.Elements.OfType<IHtmlButtonElement>().FirstOrDefault(b => b.TextContent.Trim() == button)
              ?? throw new Xunit.Sdk.XunitException($"The form has no button '{button}'.");
        var submission = (submitter is null ? form.GetSubmission() : form.GetSubmission(submitter)) ?? throw new Xunit.Sdk.XunitException("The form cannot be submitted.");
        using var request = new HttpRequestMessage(new System.Net.Http.HttpMethod(submission.Method.ToString().ToUpperInvariant()), submission.Target.Href);
        if (submission.Body is { } body)
        {
            using var reader = new StreamReader(body);
            var encoded = await reader.ReadToEndAsync();
            request.Content = new StringContent(encoded, System.Text.Encoding.UTF8, MimeTypeNames.UrlencodedForm);
            request.Content.Headers.ContentType!.CharSet = null;
        }

        return await client.SendAsync(request);
    }

    /// <summary>Follows one redirect with a GET and parses the page.</summary>
    public static async Task<IHtmlDocument> FollowAsync(this HttpClient client, HttpResponseMessage redirect)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(redirect);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        return await client.GetDocumentAsync(redirect.Headers.Location!.OriginalString);
    }

    /// <summary>The fields a form would submit, in order, so a test can change or drop some and post them by hand.</summary>
    public static List<KeyValuePair<string, string>> Fields(this IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var value = element switch
            {
                IHtmlInputElement { Type: "radio" or "checkbox" } box => box.IsChecked ? box.Value : null,
                IHtmlInputElement { Type: "submit" or "button" or "reset" or "image" } => null,
                IHtmlInputElement input => input.Value,
                IHtmlTextAreaElement textArea => textArea.Value,
                IHtmlSelectElement select => select.Value,
                _ => null,
            };
            if (value is not null)
            {
                fields.Add(new(name, value));
            }
        }

        return fields;
    }

    /// <summary>The antiforgery token the page rendered (all forms on a page carry the same one).</summary>
    public static string AntiforgeryToken(this IParentNode document) =>
        document.QuerySelector("input[name='__RequestVerificationToken']")?.GetAttribute("value")
        ?? throw new Xunit.Sdk.XunitException("The page has no antiforgery token.");

    /// <summary>Posts fields built by hand: what a tampering, stale or scripted client could send.</summary>
    public static async Task<HttpResponseMessage> PostFieldsAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    /// <summary>
    /// What a named field holds on the rendered page, as the browser would submit it: an input's or textarea's text,
    /// the checked radio's value (null if none), "true"/"false" for a checkbox, a select's chosen option.
    /// </summary>
    public static string? FieldValue(this IParentNode node, string name)
    {
        ArgumentNullException.ThrowIfNull(node);
        var fields = node.QuerySelectorAll($"[name='{name}']").ToList();
        if (fields.Count == 0)
        {
            throw new Xunit.Sdk.XunitException($"No field named '{name}'.");
        }

        if (fields.OfType<IHtmlInputElement>().FirstOrDefault(f => f.Type == "checkbox") is { } checkbox)
        {
            return checkbox.IsChecked ? "true" : "false";
        }

        if (fields.OfType<IHtmlInputElement>().Any(f => f.Type == "radio"))
        {
            return fields.OfType<IHtmlInputElement>().FirstOrDefault(f => f.Type == "radio" && f.IsChecked)?.Value;
        }

        return fields[0] switch
        {
            IHtmlTextAreaElement textArea => textArea.Value,
            IHtmlSelectElement select => select.Value,
            IHtmlInputElement input => input.Value,
            var other => other.GetAttribute("value"),
        };
    }

    /// <summary>The values a radio group offers.</summary>
    public static IReadOnlyList<string> RadioOptions(this IParentNode node, string name)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.QuerySelectorAll($"input[type='radio'][name='{name}']").Select(r => r.GetAttribute("value") ?? string.Empty).ToList();
    }

    public static string Text(this IParentNode node, string selector) =>
        node.QuerySelector(selector)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"Nothing matches '{selector}'.");

    /// <summary>The error shown next to a field (its asp-validation-for span).</summary>
    public static string? FieldError(this IParentNode node, string fieldName) =>
        node.QuerySelector($"[data-valmsg-for='{fieldName}']")?.TextContent.Trim() is { Length: > 0 } text ? text : null;
}
