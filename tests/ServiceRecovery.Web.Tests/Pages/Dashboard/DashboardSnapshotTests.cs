using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>
/// The weekly dashboard reads one snapshot (decision 0048): a case saved between two of the page's statements is in every
/// figure or in none, and the save itself goes through at once (the page's read transaction takes no write lock). The write
/// is made to land there deterministically: a command interceptor saves a case, on another connection, right after the
/// page's first read in its transaction (the stores in view, which starts the snapshot) and before its two statements of
/// figures (the rollup's rows, then the medians; decision 0051 reads both straight through the page's connection).
/// </summary>
public sealed class DashboardSnapshotTests(MidPageWriteFactory factory) : IClassFixture<MidPageWriteFactory>
{
    [Fact]
    public async Task A_case_saved_while_the_page_is_computed_is_in_every_figure_or_in_none_and_its_save_is_not_blocked()
    {
        var store = await factory.NewStoreAsync("Snapshot");
        var monday = Utc("2026-03-02T09:00:00Z");
        await factory.CaseAtAsync(store, monday, then: c => c.Apologise(monday.AddMinutes(2)));
        await factory.CaseAtAsync(store, monday.AddHours(1), severity: Severity.Major, then: c => c.Apologise(monday.AddHours(1).AddMinutes(4)));
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var url = $"/Dashboard?week=2026-W10&store={store}";

        int? savedMidPage = null;
        // Apologised after one minute: medians read outside the snapshot, at its count of two, would be the two fastest (1.5 min).
        factory.Writes.Once(async () => savedMidPage = await factory.CaseAtAsync(
            store, monday.AddHours(2), severity: Severity.Moderate, then: c => c.Apologise(monday.AddHours(2).AddMinutes(1))));
        var page = await owner.GetDocumentAsync(url);

        // The save ran (and finished) while the page's read transaction was open: it was not blocked.
        Assert.NotNull(savedMidPage);
        Assert.True(await factory.WithDbAsync(db => db.Cases.AnyAsync(c => c.Id == savedMidPage)));
        // Without the snapshot every figure would count the new case: 3 failures, and a median of 2 min (1, 2 and 4).
        Assert.Equal("2", page.Text("#kpi-failures"));
        Assert.Equal(2, ThisWeek(page, "#by-severity"));
        Assert.Equal(2, ThisWeek(page, "#by-channel"));
        Assert.Equal("3 min", page.Text("#kpi-apology"));

        // The stores' read that started the snapshot, and the page's two statements of figures (the rollup's rows, the
        // medians), ran in the page's transaction.
        Assert.Contains(factory.Writes.Commands, c => c.Text.Contains("FROM \"Stores\"", StringComparison.Ordinal) && c.InTransaction);
        var figures = factory.Writes.Commands.Where(c =>
            (c.Text.Contains("FROM \"DashboardFacts\"", StringComparison.Ordinal) && c.Text.Contains("UNION ALL", StringComparison.Ordinal))
            || c.Text.Contains("\"LoggedWeek\" = ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, figures.Count);
        Assert.All(figures, c => Assert.True(c.InTransaction, c.Text));

        // The next load sees the case everywhere.
        var next = await owner.GetDocumentAsync(url);
        Assert.Equal("3", next.Text("#kpi-failures"));
        Assert.Equal(3, ThisWeek(next, "#by-severity"));
        Assert.Equal(3, ThisWeek(next, "#by-channel"));
        Assert.Equal("2 min", next.Text("#kpi-apology"));
    }

    private static int ThisWeek(AngleSharp.Html.Dom.IHtmlDocument page, string table) =>
        page.QuerySelectorAll($"{table} tbody tr").Sum(r => int.Parse(r.QuerySelectorAll("td")[0].TextContent.Trim(), System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The app with <see cref="MidPageWrite"/> on every AppDbContext.</summary>
public sealed class MidPageWriteFactory : AppFactory
{
    public MidPageWrite Writes { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Writes)));
    }
}

/// <summary>
/// Runs a write once, right after the next read of the stores inside a transaction (the dashboard's first read), and
/// records every command since it was armed with whether it ran in a transaction.
/// </summary>
public sealed class MidPageWrite : DbCommandInterceptor
{
    private Func<Task>? _write;

    public ConcurrentQueue<(string Text, bool InTransaction)> Commands { get; } = new();

    /// <summary>Arms the write and starts the command record afresh (the app's start-up reads are not the page's).</summary>
    public void Once(Func<Task> write)
    {
        Commands.Clear();
        _write = write;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Commands.Enqueue((command.CommandText, command.Transaction is not null));
        if (command.CommandText.Contains("FROM \"Stores\"", StringComparison.Ordinal) && command.Transaction is not null
            && Interlocked.Exchange(ref _write, null) is { } write)
        {
            await write();
        }

        return result;
    }
}
