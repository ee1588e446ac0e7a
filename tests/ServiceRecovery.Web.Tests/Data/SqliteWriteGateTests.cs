using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>One SaveChanges at a time (decision 0029): writers queue on the gate instead of in SQLite's sleeping busy handler; every way out of SaveChanges gives it back.</summary>
public sealed class SqliteWriteGateTests : IClassFixture<AppFactory>, IDisposable
{
    private readonly AppFactory _factory;

    private readonly SqliteWriteGate _gate = new();
    private readonly InsideSave _probe = new();
    private readonly LeaveSave _leave;

    public SqliteWriteGateTests(AppFactory factory)
    {
        _factory = factory;
        _leave = new LeaveSave(_probe);
    }

    [Fact]
    public async Task Concurrent_saves_go_one_at_a_time_and_all_succeed()
    {
        var saves = Enumerable.Range(0, 8).Select(async i =>
        {
            await using var db = Context();
            db.Stores.Add(new Store($"Gate {i} {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
            return await db.SaveChangesAsync();
        });

        Assert.All(await Task.WhenAll(saves), written => Assert.Equal(1, written));
        Assert.Equal(1, _probe.MostAtOnce);
    }

    [Fact]
    public async Task A_failed_save_gives_the_gate_back()
    {
        await using (var failing = Context())
        {
            failing.StoreMembers.Add(new StoreMember("no-such-user", 424242));
            await Assert.ThrowsAsync<DbUpdateException>(() => failing.SaveChangesAsync());
        }

        await using var next = Context();
        next.Stores.Add(new Store($"After failure {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
        Assert.Equal(1, await next.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_save_that_loses_an_optimistic_concurrency_check_gives_the_gate_back()
    {
        int id;
        await using (var first = Context())
        {
            var logged = RecoveryCase.Log(
                new NewFailure(await first.Stores.Select(s => s.Id).FirstAsync(), Guid.NewGuid(), DateTime.UtcNow, Channel.Counter, FailureType.WrongOrder, Severity.Minor,
                    "gate test", null, false, null, null, null),
                "Gate tester",
                DateTime.UtcNow, EffectiveTargets.Defaults);
            first.Cases.Add(logged);
            await first.SaveChangesAsync();
            id = logged.Id;
        }

        await using (var stale = Context())
        {
            var recoveryCase = await stale.Cases.SingleAsync(c => c.Id == id);
            stale.Entry(recoveryCase).Property(c => c.Version).OriginalValue = 999;
            stale.Entry(recoveryCase).Property(c => c.Description).IsModified = true;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync());
        }

        await using var next = Context();
        next.Stores.Add(new Store($"After conflict {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
        Assert.Equal(1, await next.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_save_inside_an_explicit_transaction_does_not_wait_for_the_gate()
    {
        await using var first = Context();
        await using var transaction = await first.Database.BeginTransactionAsync();
        first.Stores.Add(new Store($"In transaction {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
        await first.SaveChangesAsync();

        // The second writer takes the gate and waits for SQLite's lock, which the open transaction holds.
        await using var second = Context();
        second.Stores.Add(new Store($"Waiting {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
        var waiting = Task.Run(() => second.SaveChangesAsync());
        await _probe.EnteredAsync(2);

        first.Stores.Add(new Store($"Same transaction {Guid.NewGuid():N}", "Europe/Prague", "EUR"));
        await first.SaveChangesAsync().WaitAsync(TimeSpan.FromSeconds(3));
        await transaction.CommitAsync();

        Assert.Equal(1, await waiting);
    }

    public void Dispose() => _gate.Dispose();

    private AppDbContext Context()
    {
        _ = _factory.Server;
        var options = new DbContextOptionsBuilder<AppDbContext>();
        // Interceptors run in this order on the way in and on the way out: the probe counts from after taking the gate to before giving it back.
        options.UseServiceRecoverySqlite(_factory.ConnectionString).AddInterceptors(_leave, _gate, _probe);
        return new AppDbContext(options.Options);
    }

    /// <summary>Runs after the gate on the way in: counts the saves inside at once, each held open a little so overlaps would show.</summary>
    private sealed class InsideSave : SaveChangesInterceptor
    {
        private readonly Lock _lock = new();
        private int _inside;
        private int _entered;

        public int MostAtOnce { get; private set; }

        public async Task EnteredAsync(int count)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref _entered) < count && waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(10);
            }
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            lock (_lock)
            {
                _inside++;
                _entered++;
                MostAtOnce = Math.Max(MostAtOnce, _inside);
            }

            await Task.Delay(30, cancellationToken);
            return result;
        }

        public void Leave()
        {
            lock (_lock)
            {
                _inside--;
            }
        }
    }

    /// <summary>Runs before the gate on the way out: the save has left before the next one may enter.</summary>
    private sealed class LeaveSave(InsideSave probe) : SaveChangesInterceptor
    {
        public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            probe.Leave();
            return ValueTask.FromResult(result);
        }

        public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            probe.Leave();
            return Task.CompletedTask;
        }
    }
}
