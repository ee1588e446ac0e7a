using System.Net;
using System.Text.RegularExpressions;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>What one request answered.</summary>
internal sealed record Answer(HttpStatusCode Status, string Body, string? Location);

/// <summary>
/// One signed-in device: its own cookies over a shared <see cref="HttpClient"/> (kept by hand, so many devices can share
/// one connection pool). Redirects are not followed: a 302 is an answer.
/// </summary>
internal sealed partial class Browser(HttpClient http)
{
    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

    public static HttpClient CreateClient(AppProcess app, int connections) =>
        new(app.Handler(connections))
        {
            BaseAddress = app.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    /// <summary>Another device with the same cookies (the same signed-in session).</summary>
    public Browser Clone()
    {
        var copy = new Browser(http);
        foreach (var (name, value) in _cookies)
        {
            copy._cookies[name] = value;
        }

        return copy;
    }

    /// <summary>The session's cookies as one Cookie header's value (for wrk).</summary>
    public string CookieHeader => string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value));

    public Task<Answer> GetAsync(string path, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)), cancellationToken);

    public Task<Answer> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) }, cancellationToken);

    /// <summary>GETs a page with a form, then posts the form's antiforgery token with <paramref name="fields"/>.</summary>
    public async Task<Answer> SubmitAsync(string path, IEnumerable<KeyValuePair<string, string>> fields, CancellationToken cancellationToken = default)
    {
        var page = await GetAsync(path, cancellationToken);
        Expect(page, HttpStatusCode.OK, $"GET {path}");
        return await PostFormAsync(path, [.. fields, new("__RequestVerificationToken", InputValue(page.Body, "__RequestVerificationToken") ?? string.Empty)], cancellationToken);
    }

    /// <summary>The value of the (first) input named <paramref name="name"/> in the HTML, decoded.</summary>
    public static string? InputValue(string html, string name)
    {
        foreach (Match input in InputTag().Matches(html))
        {
            if (NameAttribute().Match(input.Value) is { Success: true } n && WebUtility.HtmlDecode(n.Groups[1].Value) == name)
            {
                return ValueAttribute().Match(input.Value) is { Success: true } v ? WebUtility.HtmlDecode(v.Groups[1].Value) : string.Empty;
            }
        }

        return null;
    }

    public static void Expect(Answer answer, HttpStatusCode status, string what)
    {
        if (answer.Status != status)
        {
            var body = answer.Body.Length > 600 ? answer.Body[..600] : answer.Body;
            throw new InvalidOperationException($"{what}: expected {(int)status}, got {(int)answer.Status} {answer.Location}\n{body}");
        }
    }

    private async Task<Answer> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    Remember(setCookie);
                }
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return new Answer(response.StatusCode, body, response.Headers.Location?.OriginalString);
        }
    }

    private void Remember(string setCookie)
    {
        var pair = setCookie.Split(';', 2)[0];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return;
        }

        var name = pair[..equals].Trim();
        var value = pair[(equals + 1)..].Trim();
        var expired = setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase);
        if (value.Length == 0 || expired)
        {
            _cookies.Remove(name);
        }
        else
        {
            _cookies[name] = value;
        }
    }

    [GeneratedRegex("<input\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InputTag();

    [GeneratedRegex("\\bname=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex NameAttribute();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex ValueAttribute();
}
