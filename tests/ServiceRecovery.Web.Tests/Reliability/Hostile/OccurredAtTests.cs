using System.Globalization;
using System.Net;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

public sealed class OccurredAtTests(AppFactory factory) : AppTestBase(factory)
{
    protected override string SignedInAs => Roles.Cashier;

    [Theory]
    [InlineData("2000-01-01T00:00", "That is more than a year ago. Enter when it happened, within the last year.")]
    [InlineData("1999-12-31T23:59", "Enter a date between 2000 and 2099.")]
    [InlineData("0001-01-01T00:00", "Enter a date between 2000 and 2099.")]
    [InlineData("2026-02-30T10:00", "Enter a date like 2026-03-10 (and a time like 14:30 where asked).")]
    public async Task A_far_past_or_impossible_time_is_refused_next_to_the_field_with_the_input_kept(string typed, string message)
    {
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Quality",
            ["Failure.Description"] = "Cold soup",
            ["Failure.OccurredAtLocal"] = typed,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(response);
        Assert.Equal(message, page.FieldError("Failure.OccurredAtLocal"));
        Assert.Equal("Cold soup", page.FieldValue("Failure.Description"));
    }

    [Fact]
    public async Task A_time_within_the_last_year_is_accepted()
    {
        var elevenMonthsAgo = TestClock.Start.UtcDateTime.AddDays(-330).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);
        var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();

        var response = await Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Failure.FailureType"] = "Quality",
            ["Failure.Description"] = "Reported late by letter",
            ["Failure.OccurredAtLocal"] = elevenMonthsAgo,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
