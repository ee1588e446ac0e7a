using System.Net;
using System.Text;
using AngleSharp.Html.Dom;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>One request the fuzzer sends: a label for the report, and how to build it from the form's own fields.</summary>
public sealed record HostileCase(string Label, Func<FormUnderTest, HttpRequestMessage> Build);

/// <summary>A form found on a rendered page: where it goes, how, and the fields it would send.</summary>
public sealed record FormUnderTest(string Page, int Index, string Method, string Action, IReadOnlyList<KeyValuePair<string, string>> Fields, IReadOnlyList<string> Names)
{
    public const string Token = "__RequestVerificationToken";

    public IEnumerable<KeyValuePair<string, string>> Replacing(Func<string, string?> value) =>
        Fields.Where(f => f.Key == Token || value(f.Key) is null)
            .Concat(Names.Where(n => value(n) is not null).Select(n => new KeyValuePair<string, string>(n, value(n)!)));

    public HttpRequestMessage Request(IEnumerable<KeyValuePair<string, string>> fields, string? contentType = "application/x-www-form-urlencoded")
    {
        var encoded = HostileValues.UrlEncode(fields);
        if (Method == "GET")
        {
            return new HttpRequestMessage(HttpMethod.Get, Action + (Action.Contains('?', StringComparison.Ordinal) ? "&" : "?") + encoded);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, Action) { Content = new StringContent(encoded, Encoding.UTF8) };
        request.Content.Headers.ContentType = contentType is null ? null : new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return request;
    }
}

/// <summary>
/// Finds every form on a page as the user sees it and sends each the fixed hostile cases: each value into every field
/// at once and into one field at a time, missing and duplicated fields, wrong content types, no token, oversized
/// bodies. Every answer must be a page (200) or a 4xx — or, for a valid post, the usual redirect — never a 5xx, and
/// nothing posted may come back unencoded.
/// </summary>
public static class FormFuzzer
{
    public static IReadOnlyList<HostileCase> Cases(FormUnderTest form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var cases = new List<HostileCase>();
        var names = form.Names;
        var values = HostileValues.All.Where(v => form.Method == "POST" || v.Value.Length <= 10 * 1024).ToList();
        for (var i = 0; i < values.Count; i++)
        {
            var (label, value) = values[i];
            cases.Add(new($"{label} in every field", f => f.Request(f.Replacing(_ => value))));
            if (names.Count > 0)
            {
                var target = names[i % names.Count];
                cases.Add(new($"{label} in {target}", f => f.Request(f.Replacing(n => n == target ? value : null))));
            }
        }

        cases.Add(new("every field missing", f => f.Request(f.Fields.Where(x => x.Key == FormUnderTest.Token))));
        foreach (var missing in names.Take(6))
        {
            cases.Add(new($"{missing} missing", f => f.Request(f.Fields.Where(x => x.Key != missing))));
        }

        cases.Add(new("every field twice", f => f.Request(f.Fields.Concat(f.Fields.Where(x => x.Key != FormUnderTest.Token).Select(x => new KeyValuePair<string, string>(x.Key, "<x-hostile>second"))))));
        cases.Add(new("unknown extra fields", f => f.Request(f.Fields.Append(new("Id", "1")).Append(new("IsOwner", "true")).Append(new("Store.Id", "<x-hostile>")))));
        cases.Add(new("2,000 fields", f => f.Request(f.Fields.Concat(Enumerable.Range(0, 2000).Select(n => new KeyValuePair<string, string>($"f{n}", "x"))))));
        if (form.Method == "POST")
        {
            cases.Add(new("no antiforgery token", f => f.Request(f.Fields.Where(x => x.Key != FormUnderTest.Token))));
            cases.Add(new("5 MB value", f => f.Request(f.Replacing(n => n == (names.Count > 0 ? names[0] : null) ? new string('c', 5 * 1024 * 1024) : null))));
            cases.Add(new("text/plain body", f => f.Request(f.Fields, "text/plain")));
            cases.Add(new("JSON body", f => Json(f)));
            cases.Add(new("no content type", f => f.Request(f.Fields, null)));
            cases.Add(new("empty form body", f => f.Request([])));
            cases.Add(new("multipart with hostile values", f => Multipart(f)));
            cases.Add(new("broken multipart", f => Broken(f)));
        }

        return cases;
    }

    /// <summary>Every form on the page (the layout's sign-out form only when <paramref name="includeSignOut"/>).</summary>
    public static IReadOnlyList<FormUnderTest> Forms(IHtmlDocument page, string pageUrl, bool includeSignOut = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        var found = new List<FormUnderTest>();
        foreach (var (form, index) in page.Forms.Select((f, i) => (f, i)))
        {
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : pageUrl;
            if (!includeSignOut && action.Contains("/Account/Logout", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fields = form.Fields();
            foreach (var group in form.Elements.OfType<IHtmlInputElement>().Where(r => r.Type == "radio").GroupBy(r => r.Name!))
            {
                if (!group.Any(r => r.IsChecked))
                {
                    fields.Add(new(group.Key, group.First().Value));
                }
            }

            var names = form.Elements.Select(e => e.GetAttribute("name")).OfType<string>()
                .Where(n => n.Length > 0 && n != FormUnderTest.Token).Distinct().ToList();
            found.Add(new FormUnderTest(pageUrl, index, form.Method.ToUpperInvariant(), action, fields, names));
        }

        return found;
    }

    /// <summary>Sends one case and returns what is wrong with the answer (null if nothing).</summary>
    public static async Task<string?> SendAsync(HttpClient client, FormUnderTest form, HostileCase hostile)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(hostile);
        using var request = hostile.Build(form);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var where = $"{form.Method} {form.Action} (form {form.Index} on {form.Page}), {hostile.Label}";
        if ((int)response.StatusCode >= 500)
        {
            return $"{where}: {(int)response.StatusCode} {Snippet(body)}";
        }

        if (response.StatusCode is not (HttpStatusCode.OK or HttpStatusCode.Redirect) && (int)response.StatusCode is < 400 or >= 500)
        {
            return $"{where}: unexpected {(int)response.StatusCode}";
        }

        var marker = body.IndexOf(HostileValues.Marker, StringComparison.OrdinalIgnoreCase);
        if (marker >= 0)
        {
            return $"{where}: reflected unencoded: …{body.Substring(Math.Max(0, marker - 80), Math.Min(200, body.Length - Math.Max(0, marker - 80)))}…";
        }

        if (response.Headers.Concat(response.Content.Headers).Any(h => h.Key.Contains("hostile", StringComparison.OrdinalIgnoreCase)
            || h.Value.Any(v => v.Contains("x-hostile", StringComparison.OrdinalIgnoreCase) || v.Contains("x=1", StringComparison.Ordinal))))
        {
            return $"{where}: a posted value reached the response headers";
        }

        return null;
    }

    private static HttpRequestMessage Json(FormUnderTest form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action)
        {
            Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(form.Fields.ToDictionary(f => f.Key, f => "<x-hostile>")), Encoding.UTF8, "application/json"),
        };
        return request;
    }

    private static HttpRequestMessage Multipart(FormUnderTest form)
    {
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in form.Fields)
        {
            content.Add(new StringContent(name == FormUnderTest.Token ? value : "<x-hostile>\0" + value), name);
        }

        return new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = content };
    }

    private static HttpRequestMessage Broken(FormUnderTest form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, form.Action) { Content = new StringContent("--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated", Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        return request;
    }

    private static string Snippet(string body)
    {
        var text = System.Text.RegularExpressions.Regex.Replace(body, "<[^>]+>", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        text = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        return text.Length > 600 ? text[..600] : text;
    }
}
