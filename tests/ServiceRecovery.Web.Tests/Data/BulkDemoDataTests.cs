using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data.Demo;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>The benchmark-size path (bulk insert with prepared statements), run small: the app must read its rows as its own.</summary>
public sealed class BulkDemoDataTests(AppFactory factory) : IClassFixture<AppFactory>, IAsyncLifetime
{
    private const int Cases = 2000;

    public async Task InitializeAsync()
    {
        _ = factory.Server;
        if (await factory.WithDbAsync(db => db.Cases.AnyAsync()))
        {
            return;
        }

        var settings = new GeneratorSettings(Cases, Weeks: 12, factory.Clock.GetUtcNow().UtcDateTime, StuckShare: 0.1);
        Assert.Equal(Cases, await BenchmarkData.WriteAsync(factory.ConnectionString, storeCount: 8, settings));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Every_row_is_written_with_its_children()
    {
        var counts = await factory.WithDbAsync(async db => new
        {
            Cases = await db.Cases.CountAsync(),
            Stores = await db.Stores.CountAsync(s => s.Name.StartsWith("Store ")),
            Events = await db.CaseEvents.CountAsync(),
            Versions = await db.Cases.SumAsync(c => c.Version),
            Resolved = await db.Cases.CountAsync(c => !c.IsOpen),
            Targets = await db.Targets.CountAsync(t => t.StoreId != null),
        });

        Assert.Equal(Cases, counts.Cases);
        Assert.Equal(8, counts.Stores);
        Assert.Equal(counts.Versions, counts.Events);
        Assert.InRange(counts.Resolved, Cases / 2, Cases - 1);
        Assert.Equal(2, counts.Targets);
    }

    [Fact]
    public async Task The_stored_queue_columns_agree_with_the_domain()
    {
        var cases = await DemoSeedTests.LoadDemoCasesAsync(factory);

        Assert.Equal(Cases, cases.Count);
        StoredFacts.AssertAgree(cases);
        Assert.Contains(cases, c => c.Status == CaseStatus.AwaitingApology);
        Assert.Contains(cases, c => c.Status == CaseStatus.AwaitingFollowUp);
        Assert.Contains(cases, c => c.Status == CaseStatus.AwaitingApproval);
        Assert.Contains(cases, c => c.Status == CaseStatus.ResolvedLost);
        Assert.Contains(cases, c => c.Status == CaseStatus.ResolvedWonBack);
        Assert.Contains(cases, c => c.Resolutions.Any(r => r.IsReopened));
        Assert.Contains(cases, c => c.Customer is { Name: not null });
    }

    [Fact]
    public async Task The_generator_is_deterministic()
    {
        var keys = await factory.WithDbAsync(db => db.Cases.OrderBy(c => c.Id).Select(c => c.LogKey).Take(50).ToListAsync());
        var stores = DemoChain.BenchStores(8).Select((p, i) => new GeneratorStore(i + 1, p, [new StaffName("A", null)], [new StaffName("B", null)], EffectiveTargets.Defaults)).ToList();
        var settings = new GeneratorSettings(Cases, Weeks: 12, TestClock.Start.UtcDateTime, StuckShare: 0.1);

        var first = CaseGenerator.Generate(stores, settings).Take(50).Select(c => (c.LogKey, c.LoggedAt, c.Status)).ToList();
        var again = CaseGenerator.Generate(stores, settings).Take(50).Select(c => (c.LogKey, c.LoggedAt, c.Status)).ToList();

        Assert.Equal(first, again);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task The_owner_opens_the_queue_and_case_pages_of_bulk_written_cases()
    {
        using var owner = await factory.SignedInClientAsync(Roles.Owner);
        var ids = await factory.WithDbAsync(async db => new[]
        {
            await db.Cases.Where(c => c.IsOpen && c.AwaitsApproval).Select(c => c.Id).FirstAsync(),
            await db.Cases.Where(c => !c.IsOpen).Select(c => c.Id).FirstAsync(),
            await db.Cases.Where(c => c.IsOpen && c.ApologisedAt == null).Select(c => c.Id).FirstAsync(),
        });

        var queue = await owner.GetAsync(new Uri("/Queue", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Store 0", await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var id in ids)
        {
            var page = await owner.GetAsync(new Uri($"/Cases/{id}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }
}
