using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability;

public sealed class DoubleSubmitTests(AppFactory factory) : AppTestBase(factory)
{
    protected override string SignedInAs => Roles.Cashier;

    [Fact]
    public async Task The_same_log_form_posted_three_times_at_once_creates_one_case_and_all_three_land_on_it()
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var form = (await Client.GetDocumentAsync("/Cases/Log")).Form();
            var key = form.Fields().Single(f => f.Key == "Failure.LogKey").Value;
            var fields = form.Fields().Where(f => f.Key is not ("Failure.Description" or "Failure.FailureType"))
                .Append(new("Failure.Description", $"Tapped Save three times {attempt}"))
                .Append(new("Failure.FailureType", "WrongOrder"))
                .ToList();

            var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Client.PostFieldsAsync("/Cases/Log", fields)));

            Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
            Assert.Single(answers.Select(a => a.Headers.Location!.OriginalString).Distinct());
            var stored = await Factory.WithDbAsync(db => db.Cases.CountAsync(c => c.LogKey == Guid.Parse(key)));
            Assert.Equal(1, stored);
        }
    }
}
