using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Serilog.Events;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>What the app writes to its logs (one line per request and per mediator request, never personal data) and the headers it sends.</summary>
public sealed partial class LoggingTests(AppFactory factory) : AppTestBase(factory)
{
    private const string RequestTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms";
    private const string MediatorTemplate = "Handled {RequestName}: {Outcome} in {ElapsedMs:0.0} ms";

    [Fact]
    public async Task No_log_line_holds_the_customers_name_phone_or_email()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        var digits = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        var name = $"Zdenka Q{tag}";
        var phone = $"+420 605 {digits[..3]} {digits[3..]}";
        var email = $"zdenka.q{tag}@example.com";

        // First a refused submit (bad email, no consent): the failure path must not log the input either.
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
        var refused = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "WrongOrder",
            ["Failure.Description"] = "Got a latte instead of a flat white",
            ["Failure.CustomerName"] = name,
            ["Failure.CustomerPhone"] = phone,
            ["Failure.CustomerEmail"] = email.Replace("@", " at ", StringComparison.Ordinal),
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var logged = await Client.SubmitAsync(await FormOfAsync(refused), new Dictionary<string, string>
        {
            ["Failure.CustomerEmail"] = email,
            ["Failure.CustomerConsents"] = "true",
        });
        var id = CaseSteps.CaseIdFrom(logged);
        var page = await Client.FollowAsync(logged);
        Assert.Contains(email, page.Body!.TextContent, StringComparison.Ordinal);

        page = await Client.ApologiseAsync(page);
        page = await Client.ActAsync(page, "Compensation", new Dictionary<string, string>
        {
            ["Compensation.Kind"] = "Remake",
            ["Compensation.Description"] = "Flat white, made again",
            ["Compensation.Amount"] = "3.90",
        });
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        page = await Client.FollowUpAsync(page, "Satisfied");
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await Client.ResolveAsync(page);

        // The journey was logged (so the check below looks at real lines) ...
        var messages = Factory.Logs.Events.Select(CapturedLogs.Message).ToList();
        Assert.Contains(messages, m => m.StartsWith("Handled LogFailure.Command: ValidationException", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Handled ResolveCase.Command: ok", StringComparison.Ordinal));
        Assert.Contains(Factory.Logs.Events, e => IsRequestLine(e, "POST", $"/Cases/{id}"));
        var lines = Factory.Logs.Lines.ToList();

        // ... and no line, message or property, holds any of the contact details in any spelling the request carried.
        string[] forbidden =
        [
            $"Q{tag}", email, Uri.EscapeDataString(email), $"q{tag}",
            phone, phone.Replace(" ", string.Empty, StringComparison.Ordinal), phone.Replace(" ", "+", StringComparison.Ordinal), Uri.EscapeDataString(phone), $"{digits[..3]} {digits[3..]}",
        ];
        foreach (var secret in forbidden)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Each_request_writes_one_line_with_its_status_and_duration()
    {
        var (id, page) = await Client.LogCaseAsync("Request lines: wrong change given");
        await Client.ApologiseAsync(page);
        var missing = $"/Cases/{id + 500_000}";
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync(new Uri(missing, UriKind.Relative))).StatusCode);

        var events = Factory.Logs.Events.ToList();
        var post = Assert.Single(events, e => IsRequestLine(e, "POST", $"/Cases/{id}"));
        Assert.Equal(2, events.Count(e => IsRequestLine(e, "GET", $"/Cases/{id}")));
        var notFound = Assert.Single(events, e => IsRequestLine(e, "GET", missing));

        Assert.Matches(RequestLine(), CapturedLogs.Message(post));
        Assert.StartsWith($"HTTP POST /Cases/{id} responded 302 in ", CapturedLogs.Message(post), StringComparison.Ordinal);
        Assert.Equal(302, Scalar<int>(post, "StatusCode"));
        Assert.True(Scalar<double>(post, "Elapsed") >= 0);

        // The error page is rendered inside the same request: still one line, with the real status.
        Assert.StartsWith($"HTTP GET {missing} responded 404 in ", CapturedLogs.Message(notFound), StringComparison.Ordinal);
        Assert.Equal(404, Scalar<int>(notFound, "StatusCode"));
    }

    [Fact]
    public async Task A_request_the_client_abandons_is_logged_as_499_at_information_not_as_a_server_error()
    {
        var before = Factory.Logs.Events.Count(e => IsRequestLine(e, "POST", "/Cases/Log"));
        var token = (await Client.GetDocumentAsync("/Cases/Log")).AntiforgeryToken();

        // A tablet that loses its connection halfway through sending the form: the server waits for the rest of the body,
        // then the client gives up.
        using var body = new StalledBody(System.Text.Encoding.ASCII.GetBytes("__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&Failure.FailureType=WrongOrder&Failure.Description=half"));
        using var content = new StreamContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        content.Headers.ContentLength = 4096;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/Cases/Log", UriKind.Relative)) { Content = content };
        using var gone = new CancellationTokenSource();
        var sending = Client.SendAsync(request, gone.Token);
        await body.Stalled.WaitAsync(TimeSpan.FromSeconds(10));
        await gone.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        LogEvent? line = null;
        for (var waited = 0; line is null && waited < 100; waited++)
        {
            line = Factory.Logs.Events.Where(e => IsRequestLine(e, "POST", "/Cases/Log")).Skip(before).FirstOrDefault();
            await Task.Delay(50);
        }

        Assert.NotNull(line);
        Assert.Equal(499, Scalar<int>(line, "StatusCode"));
        Assert.Equal(LogEventLevel.Information, line.Level);
        Assert.Null(line.Exception);
    }

    /// <summary>A request body that sends its first bytes and then waits, as a connection that dropped mid-upload does.</summary>
    private sealed class StalledBody(byte[] first) : Stream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sent;

        public Task Stalled => _stalled.Task;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent < first.Length)
            {
                var count = Math.Min(buffer.Length, first.Length - _sent);
                first.AsMemory(_sent, count).CopyTo(buffer);
                _sent += count;
                return count;
            }

            _stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public async Task Each_mediator_request_is_logged_by_name_with_its_outcome_and_duration()
    {
        var before = MediatorLines("LogFailure.Command").Count;

        var refused = await Client.SubmitAsync((await Client.GetDocumentAsync("/Cases/Log")).Form(), new Dictionary<string, string>
        {
            ["Failure.Description"] = "Mediator lines: no type chosen",
        });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var logged = await Client.SubmitAsync(await FormOfAsync(refused), new Dictionary<string, string> { ["Failure.FailureType"] = "Other" });
        await Client.ApologiseAsync(await Client.FollowAsync(logged));

        var lines = MediatorLines("LogFailure.Command");
        Assert.Equal(before + 2, lines.Count);
        Assert.Matches(MediatorLine("LogFailure\\.Command", "ValidationException"), CapturedLogs.Message(lines[^2]));
        Assert.Matches(MediatorLine("LogFailure\\.Command", "ok"), CapturedLogs.Message(lines[^1]));
        Assert.True(Scalar<double>(lines[^1], "ElapsedMs") >= 0);
        Assert.Matches(MediatorLine("RecordApology\\.Command", "ok"), CapturedLogs.Message(MediatorLines("RecordApology.Command")[^1]));
        Assert.Matches(MediatorLine("CaseDetails\\.Query", "ok"), CapturedLogs.Message(MediatorLines("CaseDetails.Query")[^1]));
    }

    [Fact]
    public async Task Log_lines_go_to_this_apps_own_logger_even_when_another_instance_starts_and_stops_in_the_process()
    {
        var (id, _) = await Client.LogCaseAsync("Own logger: another app instance nearby");

        using (var other = new AppFactory())
        {
            using var otherClient = other.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await otherClient.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode);
            await Client.GetAsync(new Uri($"/Cases/{id}?probe=while-other-runs", UriKind.Relative));
        }

        await Client.GetAsync(new Uri($"/Cases/{id}?probe=after-other-stopped", UriKind.Relative));

        // One GET from logging the case, one while the other app ran, one after it stopped: all three are ours.
        Assert.Equal(3, Factory.Logs.Events.Count(e => IsRequestLine(e, "GET", $"/Cases/{id}")));
    }

    [Fact]
    public async Task Security_headers_are_sent_on_pages_redirects_errors_and_health()
    {
        var (id, page) = await Client.LogCaseAsync("Security headers: missing straw");
        var responses = new[]
        {
            await Client.GetAsync(new Uri("/Cases/Log", UriKind.Relative)),
            await Client.GetAsync(new Uri($"/Cases/{id}", UriKind.Relative)),
            await Client.SubmitAsync(page.Form("Apology"), new Dictionary<string, string> { ["Apology.Method"] = "InPerson" }),
            await Client.GetAsync(new Uri("/Cases/999999", UriKind.Relative)),
            await Client.GetAsync(new Uri("/health", UriKind.Relative)),
        };

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Redirect, HttpStatusCode.NotFound, HttpStatusCode.OK], responses.Select(r => r.StatusCode));
        foreach (var response in responses)
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
            Assert.Equal("DENY", Header(response, "X-Frame-Options"));
            Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        }
    }

    [Fact]
    public async Task Pages_carry_no_inline_script_or_style_that_the_content_security_policy_would_block()
    {
        var (id, page) = await Client.LogCaseAsync("Inline check: cold bun");
        page = await Client.ApologiseAsync(page);
        page = await Client.FollowUpAsync(page, "Satisfied");
        var invalidLog = await HtmlForms.ParseAsync(await Client.SubmitAsync((await Client.GetDocumentAsync("/Cases/Log")).Form()));
        var pages = new Dictionary<string, IHtmlDocument>
        {
            ["log"] = await Client.GetDocumentAsync("/Cases/Log"),
            ["log (invalid)"] = invalidLog,
            ["case"] = page,
            ["today"] = await Client.GetDocumentAsync("/Today"),
            ["not found"] = await HtmlForms.ParseAsync(await Client.GetAsync(new Uri($"/Cases/{id + 500_000}", UriKind.Relative))),
        };
        Assert.NotEmpty(pages["today"].QuerySelectorAll("#today-cases .case-row"));

        foreach (var (name, document) in pages)
        {
            var inline = document.All
                .Where(e => e.HasAttribute("style")
                    || e.LocalName == "style"
                    || (e.LocalName == "script" && !e.HasAttribute("src"))
                    || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase))
                    || (e.GetAttribute("href")?.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) ?? false))
                .Select(e => e.OuterHtml[..Math.Min(e.OuterHtml.Length, 120)])
                .ToList();
            Assert.True(inline.Count == 0, $"The {name} page has inline code or style the CSP blocks: {string.Join(" | ", inline)}");
        }
    }

    [Fact]
    public async Task Health_answers_200()
    {
        var response = await Client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static bool IsRequestLine(LogEvent e, string method, string path) =>
        e.MessageTemplate.Text == RequestTemplate
        && Scalar<string>(e, "RequestMethod") == method
        && Scalar<string>(e, "RequestPath") == path;

    private List<LogEvent> MediatorLines(string requestName) =>
        Factory.Logs.Events.Where(e => e.MessageTemplate.Text == MediatorTemplate && Scalar<string>(e, "RequestName") == requestName).ToList();

    private static T? Scalar<T>(LogEvent e, string property) =>
        e.Properties.TryGetValue(property, out var value) && value is ScalarValue { Value: T typed } ? typed : default;

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new Xunit.Sdk.XunitException($"No {name} header on {response.RequestMessage?.RequestUri}.");

    private static async Task<IHtmlFormElement> FormOfAsync(HttpResponseMessage rerendered) => (await HtmlForms.ParseAsync(rerendered)).Form();

    private static Regex MediatorLine(string name, string outcome) => new($"^Handled {name}: {outcome} in [0-9]+\\.[0-9] ms$", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"^HTTP (GET|POST) /\S* responded [0-9]{3} in [0-9]+\.[0-9]{4} ms$")]
    private static partial Regex RequestLine();
}
