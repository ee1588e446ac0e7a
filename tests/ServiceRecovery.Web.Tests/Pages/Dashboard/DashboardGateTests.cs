using System.Data.Common;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>
/// The report gate (decision 0051): report pages are computed a few at a time, the others wait their turn, and only when
/// the waiting line is full is a report refused — with 503, Retry-After and a page that says the reports are busy. Here one
/// place and no waiting line, and the first dashboard is held inside its computation (a command interceptor waits on its
/// first read) while the others arrive, so every outcome is deterministic.
/// </summary>
public sealed class DashboardGateTests(HeldReportFactory factory) : IClassFixture<HeldReportFactory>
{
    [Fact]
    public async Task While_the_only_place_is_taken_another_report_is_refused_as_busy_and_other_pages_are_served()
    {
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        using var manager = await factory.SignedInClientAsync(Roles.Manager);
        var held = factory.Hold.Arm();

        var first = owner.GetAsync("/Dashboard");
        await held.Entered;

        var refused = await manager.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var page = await HtmlForms.ParseAsync(refused);
        Assert.Contains("The dashboard is busy", page.Text("main"), StringComparison.Ordinal);
        var csv = await manager.GetAsync("/Dashboard?handler=KpisCsv");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, csv.StatusCode);

        // Pages outside the gate are served while the report is computed.
        var queue = await manager.GetAsync("/Queue");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);

        held.Release();
        var done = await first;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var again = await manager.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Someone_who_is_not_signed_in_never_takes_the_place_they_are_sent_to_sign_in()
    {
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var held = factory.Hold.Arm();
        var first = owner.GetAsync("/Dashboard");
        await held.Entered;

        using var stranger = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var answer = await stranger.GetAsync("/Dashboard");
        Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
        Assert.StartsWith("/Account/Login", answer.Headers.Location?.PathAndQuery ?? answer.Headers.Location?.OriginalString, StringComparison.Ordinal);

        held.Release();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
    }
}

/// <summary>The app with one report place, no waiting line, and <see cref="HoldFirstRead"/> on every AppDbContext.</summary>
public sealed class HeldReportFactory : AppFactory
{
    public HoldFirstRead Hold { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Reports:Permits", "1");
        builder.UseSetting("Reports:QueueLimit", "0");
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Hold)));
    }
}

/// <summary>Once armed, holds the next read of the stores inside a transaction (a dashboard's first read) until released.</summary>
public sealed class HoldFirstRead : DbCommandInterceptor
{
    private Held? _armed;

    public Held Arm() => _armed = new Held();

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.CommandText.Contains("FROM \"Stores\"", StringComparison.Ordinal) && command.Transaction is not null
            && Interlocked.Exchange(ref _armed, null) is { } held)
        {
            held.Enter();
            await held.Released;
        }

        return result;
    }

    public sealed class Held
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public Task Released => _released.Task;

        public void Enter() => _entered.TrySetResult();

        public void Release() => _released.TrySetResult();
    }
}
