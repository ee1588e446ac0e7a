using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>
/// The header strip's counts are kept for a few seconds but never outlive a write made through the app: decision 0028.
/// </summary>
public sealed class QueueCountsCacheTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_case_logged_through_the_app_is_counted_at_once()
    {
        var store = await Factory.NewStoreAsync("Counted");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Counts manager", Roles.Manager, store));
        await Client.LogAtAsync(store, "first");
        Assert.Equal("1", (await manager.GetDocumentAsync("/Queue")).Text("#stat-open"));

        await Client.LogAtAsync(store, "second");

        Assert.Equal("2", (await manager.GetDocumentAsync("/Queue")).Text("#stat-open"));
    }

    [Fact]
    public async Task Counts_are_reused_for_a_few_seconds_when_nothing_was_written_through_the_app()
    {
        // The store's apology target is 5 minutes (QueueSteps.NewStoreAsync).
        var store = await Factory.NewStoreAsync("Cached");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Cache manager", Roles.Manager, store));
        await Client.LogAtAsync(store, "logged through the app");
        Factory.Clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(2));
        Assert.Equal("0", (await manager.GetDocumentAsync("/Queue")).Text("#stat-overdue"));

        // Three seconds on the apology is overdue (the case's own row says so at once), but the counts are the ones kept.
        Factory.Clock.Advance(TimeSpan.FromSeconds(3));
        var soon = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("0", soon.Text("#stat-overdue"));

        Factory.Clock.Advance(QueueCountsCache.Lifetime);
        Assert.Equal("1", (await manager.GetDocumentAsync("/Queue")).Text("#stat-overdue"));
    }

    [Fact]
    public void An_entry_answers_only_for_its_data_version_and_within_its_lifetime()
    {
        using var cache = new QueueCountsCache();
        var at = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var key = QueueCountsCache.Key([2, 1], new QueueFilter { Overdue = true });
        var model = new QueueCounts.Model(new QueueCounts.Header(1, 0, 0, null), new Dictionary<int, int>(), new Dictionary<FailureType, int>(),
            new Dictionary<Severity, int>(), new Dictionary<NextStep, int>(), 0, 1);
        cache.Set(key, dataVersion: 7, at, model);

        Assert.True(cache.TryGet(QueueCountsCache.Key([1, 2], new QueueFilter { Overdue = true }), 7, at.AddSeconds(4), out var same));
        Assert.Same(model, same);
        Assert.False(cache.TryGet(key, 8, at, out _));
        Assert.False(cache.TryGet(key, 7, at + QueueCountsCache.Lifetime, out _));
        Assert.False(cache.TryGet(key, 7, at.AddSeconds(-1), out _));
        Assert.False(cache.TryGet(QueueCountsCache.Key([1, 2], new QueueFilter()), 7, at, out _));
        Assert.False(cache.TryGet(QueueCountsCache.Key(null, new QueueFilter { Overdue = true }), 7, at, out _));
    }

    [Fact]
    public async Task Requests_that_miss_together_compute_one_after_the_other()
    {
        using var cache = new QueueCountsCache();
        var key = QueueCountsCache.Key(null, new QueueFilter());
        var first = await cache.EnterAsync(key, CancellationToken.None);

        var second = cache.EnterAsync(key, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task An_answer_out_of_time_but_not_of_data_is_served_only_while_another_request_recomputes_it()
    {
        using var cache = new QueueCountsCache();
        var at = new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
        var key = QueueCountsCache.Key(null, new QueueFilter());
        var model = new QueueCounts.Model(new QueueCounts.Header(1, 0, 0, null), new Dictionary<int, int>(), new Dictionary<FailureType, int>(),
            new Dictionary<Severity, int>(), new Dictionary<NextStep, int>(), 0, 1);
        cache.Set(key, dataVersion: 7, at, model);
        var later = at + QueueCountsCache.Lifetime + TimeSpan.FromSeconds(30);

        Assert.False(cache.TryGet(key, 7, later, out _));
        Assert.True(cache.TryGetUnchanged(key, 7, later, out var previous));
        Assert.Same(model, previous);
        Assert.False(cache.TryGetUnchanged(key, 8, later, out _));

        // The first request takes the turn and recomputes; a second finds the turn taken (and serves the previous answer).
        using (var turn = cache.TryEnter(key))
        {
            Assert.NotNull(turn);
            Assert.Null(cache.TryEnter(key));
        }

        (await cache.EnterAsync(key, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }
}
