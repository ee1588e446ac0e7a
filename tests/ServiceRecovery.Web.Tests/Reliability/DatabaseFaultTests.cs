using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability;

/// <summary>
/// An EF Core command interceptor fails one command in eight with a SQLite error (busy beyond the timeout, I/O error,
/// disk full): the user gets the form back with a message, or the friendly 503 page — never a 500 — no case is stored
/// half, pressing Save again never logs twice, and everything works again when the faults stop.
/// </summary>
public sealed class DatabaseFaultTests(DatabaseFaultTests.FaultyAppFactory factory, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DatabaseFaultTests.FaultyAppFactory>
{
    [Fact]
    public async Task Under_failing_commands_nothing_is_half_stored_nothing_twice_and_the_app_recovers()
    {
        using var cashier = await factory.SignedInClientAsync(Roles.Cashier);
        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var (caseId, _) = await cashier.LogCaseAsync("Logged before the faults");
        var answers = new Dictionary<HttpStatusCode, int>();
        var acknowledged = new List<string>();

        factory.Faults.FailEvery = 8;
        for (var i = 0; i < 15; i++)
        {
            var description = $"Logged under faults {i}";
            var form = await WithRetriesAsync(() => cashier.GetAsync(new Uri("/Cases/Log", UriKind.Relative)));
            var fields = (await HtmlForms.ParseAsync(form)).Form().Fields()
                .Where(f => f.Key is not ("Failure.Description" or "Failure.FailureType"))
                .Append(new("Failure.Description", description)).Append(new("Failure.FailureType", "LateOrLongWait")).ToList();

            // The cashier presses Save again (same form, same one-time key) until it is saved.
            for (var press = 0; ; press++)
            {
                Assert.True(press < 30, "Never saved under a one-in-eight fault rate.");
                var response = await cashier.PostFieldsAsync("/Cases/Log", fields);
                answers[response.StatusCode] = answers.GetValueOrDefault(response.StatusCode) + 1;
                await AssertFriendlyAsync(response);
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    acknowledged.Add(description);
                    break;
                }
            }

            // A manager's action on an existing case under the same faults: applied once or not at all.
            var page = await WithRetriesAsync(() => manager.GetAsync(new Uri($"/Cases/{caseId}", UriKind.Relative)));
            var apology = await manager.PostFieldsAsync($"/Cases/{caseId}?handler=Compensation", (await HtmlForms.ParseAsync(page)).Form("Compensation").Fields()
                .Where(f => f.Key is not ("Compensation.Description" or "Compensation.Amount" or "Compensation.Kind"))
                .Append(new("Compensation.Kind", "FreeItem")).Append(new("Compensation.Description", $"Cake {i}")).Append(new("Compensation.Amount", "2.50")));
            answers[apology.StatusCode] = answers.GetValueOrDefault(apology.StatusCode) + 1;
            await AssertFriendlyAsync(apology);
        }

        factory.Faults.FailEvery = 0;
        output.WriteLine($"commands failed: {factory.Faults.Failed}; answers: {string.Join(", ", answers.Select(a => $"{(int)a.Key} x{a.Value}"))}");
        Assert.True(factory.Faults.Failed > 20, $"Only {factory.Faults.Failed} commands failed: the faults proved nothing.");
        Assert.DoesNotContain(HttpStatusCode.InternalServerError, answers.Keys);

        // Nothing half-stored, nothing twice: every case's version counts its timeline; each description once.
        var cases = await factory.WithDbAsync(db => db.Cases.AsNoTracking().Select(c => new { c.Description, c.Version, Events = db.CaseEvents.Count(e => e.RecoveryCaseId == c.Id) }).ToListAsync());
        Assert.All(cases, c => Assert.Equal(c.Version, c.Events));
        Assert.Equal(acknowledged.Order(), cases.Select(c => c.Description).Where(d => d.StartsWith("Logged under faults", StringComparison.Ordinal)).Order());
        var compensations = (await factory.LoadCaseAsync(caseId)).Compensations.Select(c => c.Description).ToList();
        Assert.Equal(compensations.Count, compensations.Distinct().Count());

        // Recovered: pages, health and a normal save work again.
        Assert.Equal(HttpStatusCode.OK, (await cashier.GetAsync(new Uri("/Today", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await cashier.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await cashier.LogCaseAsync("Logged after the faults stopped");
    }

    private static async Task AssertFriendlyAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        switch (response.StatusCode)
        {
            case HttpStatusCode.Redirect:
                break;
            case HttpStatusCode.OK:
                var document = await HtmlForms.ParseAsync(response);
                var shown = string.Join(" | ", document.QuerySelectorAll(".alert, .text-danger").Select(e => e.TextContent.Trim()).Where(t => t.Length > 0));
                Assert.True(shown.Contains(DatabaseFailure.Message, StringComparison.Ordinal), $"{response.RequestMessage?.RequestUri} shows: {shown}");
                break;
            case HttpStatusCode.ServiceUnavailable:
                Assert.Contains("Not saved", body, StringComparison.Ordinal);
                Assert.Equal("5", response.Headers.RetryAfter?.ToString());
                break;
            default:
                Assert.Fail($"Answered {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
                break;
        }
    }

    private static async Task<HttpResponseMessage> WithRetriesAsync(Func<Task<HttpResponseMessage>> get)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var response = await get();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        throw new Xunit.Sdk.XunitException("A page never loaded under faults.");
    }

    public sealed class FaultyAppFactory : AppFactory
    {
        public CommandFaults Faults { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Faults)));
        }
    }

    /// <summary>Fails one command in n at random (0 = none; fixed seed) with a SQLite error, cycling busy → I/O error → disk full.</summary>
    public sealed class CommandFaults : DbCommandInterceptor
    {
        private static readonly (int Code, string Message)[] Errors = [(5, "database is locked"), (10, "disk I/O error"), (13, "database or disk is full")];
        private readonly Random _random = new(20);
        private int _failed;
        private volatile int _failEvery;

        public int FailEvery
        {
            get => _failEvery;
            set => _failEvery = value;
        }

        public int Failed => _failed;

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) => Maybe(result);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Maybe(result));

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) => Maybe(result);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Maybe(result));

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) => Maybe(result);

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default) => ValueTask.FromResult(Maybe(result));

        private T Maybe<T>(T result)
        {
            var every = _failEvery;
            bool fail;
            lock (_random)
            {
                fail = every > 0 && _random.Next(every) == 0;
            }

            if (fail)
            {
                var (code, message) = Errors[Interlocked.Increment(ref _failed) % Errors.Length];
                throw new SqliteException($"SQLite Error {code}: '{message}' (injected).", code);
            }

            return result;
        }
    }
}
