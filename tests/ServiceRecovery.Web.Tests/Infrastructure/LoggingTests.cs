using ServiceRecovery.Web.Pages.Cases;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>Each test app writes to its own captured log, so assertions about what is (not) logged mean something.</summary>
public sealed class LoggingTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task An_HTTP_request_writes_one_request_line_with_its_status_to_this_apps_log()
    {
        var response = await Client.GetAsync("/health?probe=logging-test");
        response.EnsureSuccessStatusCode();

        var line = Assert.Single(Factory.Logs.Lines, l => l.Contains("/health", StringComparison.Ordinal));
        Assert.Contains("HTTP \"GET\" \"/health\" responded 200", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mediator_request_writes_one_line_with_its_name_and_outcome_to_this_apps_log()
    {
        await Factory.SendAsync(new StoreChoices.Query());

        Assert.Contains(Factory.Logs.Lines, l => l.StartsWith("Handled \"StoreChoices.Query\": \"ok\"", StringComparison.Ordinal));
    }
}
