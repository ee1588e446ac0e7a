using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Dashboard;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>
/// The queue's counts without a date range come from the open cases' rollup less the cases not yet due (decision 0052):
/// at every moment, after every kind of change and after a target change, they equal the same groups counted from the
/// cases themselves; and the header shows them.
/// </summary>
public sealed class QueueCountsRollupTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task The_rollup_less_the_cases_not_yet_due_equals_a_count_of_the_cases_at_every_moment()
    {
        var shortTargets = await Factory.NewStoreAsync("Rollup counts short");
        var longTargets = await Factory.NewStoreAsync("Rollup counts long", "Europe/London");
        await Factory.WithDbAsync(async db =>
        {
            var row = await db.Targets.SingleAsync(t => t.StoreId == longTargets);
            row.MinutesToApology = 15;
            row.HoursToFollowUp = 30;
            row.HoursToFollowUpMajor = 6;
            await QueueDeadlines.SaveTargetsAsync(db, [longTargets], CancellationToken.None);
        });
        int[] both = [shortTargets, longTargets];
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var pendingIds = new List<(int Case, int Compensation)>();
        foreach (var store in both)
        {
            foreach (var ago in new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(50), TimeSpan.FromHours(3), TimeSpan.FromHours(20), TimeSpan.FromDays(3) })
            {
                var at = now - ago;
                await Factory.CaseAtAsync(store, at);
                await Factory.CaseAtAsync(store, at, FailureType.Quality, Severity.Major);
                await Factory.CaseAtAsync(store, at, FailureType.MissingItem, Severity.Moderate, then: c => c.Apologise(at.AddMinutes(2)));
                await Factory.CaseAtAsync(store, at, FailureType.MissingItem, Severity.Major, then: c => c.Apologise(at.AddMinutes(1)));
                await Factory.CaseAtAsync(store, at, channel: Channel.FeedbackCard);
                await Factory.CaseAtAsync(store, at, severity: Severity.Major, channel: Channel.FeedbackCard);
                await Factory.CaseAtAsync(store, at, FailureType.BillingError, then: c =>
                {
                    c.Apologise(at.AddMinutes(1));
                    c.FollowUp(at.AddMinutes(30));
                });
                var compensation = 0;
                var waiting = await Factory.CaseAtAsync(store, at, FailureType.Cleanliness, then: c => c.Give(CompensationKind.Refund, 5000, at, needsApproval: true),
                    afterSave: c => compensation = c.Compensations.Single().Id);
                pendingIds.Add((waiting, compensation));
                await Factory.CaseAtAsync(store, at, FailureType.StaffAttitude, then: c =>
                {
                    c.Apologise(at.AddMinutes(1));
                    c.FollowUp(at.AddMinutes(20));
                    c.Resolve(at.AddMinutes(40), ResolutionOutcome.WonBack, RootCause.ProcessError, ServiceDimension.Reliability);
                });
            }
        }

        await AssertSameAsync(both, "as logged");

        // Changes through the domain: an approval, an apology on a waiting case, a follow-up, a resolution and a reopen.
        var (approvedCase, approvedCompensation) = pendingIds[0];
        await ChangeAsync(approvedCase, c => c.ApproveCompensation(approvedCompensation, "EUR", "Test manager", now));
        await ChangeAsync(pendingIds[1].Case, c => c.Apologise(now));
        var followed = await Factory.WithDbAsync(db => db.Cases.Where(c => c.StoreId == longTargets && c.IsOpen && c.ApologisedAt != null && c.FollowedUpAt == null)
            .Select(c => c.Id).FirstAsync());
        await ChangeAsync(followed, c => c.FollowUp(now));
        await ChangeAsync(followed, c => c.Resolve(now, ResolutionOutcome.Lost, RootCause.PerceptionGap, ServiceDimension.Empathy));
        await ChangeAsync(followed, c => c.Reopen("Came back", "Test manager", now));
        await AssertSameAsync(both, "after the changes");

        // Time passes: deadlines fall due one after another, the rollup's rows stay as they are.
        foreach (var step in new[] { TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(30) })
        {
            Factory.Clock.Advance(step);
            await AssertSameAsync(both, "after " + step);
        }

        // The owner shortens the long store's targets: the rollup's rows do not depend on them, the cases not yet due do.
        await Factory.WithDbAsync(async db =>
        {
            var row = await db.Targets.SingleAsync(t => t.StoreId == longTargets);
            row.HoursToFollowUp = 1;
            await QueueDeadlines.SaveTargetsAsync(db, [longTargets], CancellationToken.None);
        });
        await Factory.CaseAtAsync(longTargets, Factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-20), then: c => c.Apologise(Factory.Clock.GetUtcNow().UtcDateTime));
        await AssertSameAsync(both, "after a target change");
    }

    [Fact]
    public async Task The_header_counts_open_overdue_and_waiting_cases_and_the_oldest_from_the_rollup()
    {
        var store = await Factory.NewStoreAsync("Rollup header");
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Rollup header manager", Roles.Manager, store));
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        await Factory.CaseAtAsync(store, now.AddMinutes(-2));
        await Factory.CaseAtAsync(store, now.AddMinutes(-20));
        await Factory.CaseAtAsync(store, now.AddHours(-50), then: c =>
        {
            c.Apologise(now.AddHours(-50));
            c.FollowUp(now.AddHours(-49));
            c.Give(CompensationKind.Voucher, 4000, now.AddHours(-49), needsApproval: true);
        });

        var page = await manager.GetDocumentAsync("/Queue");

        Assert.Equal("3", page.Text("#stat-open"));
        Assert.Equal("1", page.Text("#stat-overdue"));
        Assert.Equal("1", page.Text("#stat-approvals"));
        Assert.Equal(Ages.Format(TimeSpan.FromHours(50)), page.Text("#stat-oldest"));

        // Five minutes on (after the counts' lifetime), the case logged two minutes ago is overdue too.
        Factory.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("2", (await manager.GetDocumentAsync("/Queue")).Text("#stat-overdue"));
    }

    private Task ChangeAsync(int id, Action<RecoveryCase> change) => Factory.ChangeCaseAsync(id, change);

    private async Task AssertSameAsync(int[] stores, string when)
    {
        foreach (var set in new[] { stores, [stores[0]], [stores[1]] })
        {
            var (rollup, counted) = await Factory.WithDbAsync(async db =>
            {
                var targets = await db.TargetRowsAsync(CancellationToken.None);
                var visible = (await db.Stores.AsNoTracking().Where(s => set.Contains(s.Id)).ToListAsync())
                    .Select(s => new QueueStore(s, EffectiveTargets.At(targets, s.Id))).ToList();
                var now = Factory.Clock.GetUtcNow().UtcDateTime;
                return (
                    Normalised(await QueueCounts.Handler.OpenNowAsync(db, visible, now, CancellationToken.None)),
                    Normalised(await QueueCounts.Handler.GroupsAsync(QueueFacts.Open(db, visible, allStores: false, now), CancellationToken.None)));
            });
            Assert.True(counted.Count > 0, when);
            Assert.True(counted.SequenceEqual(rollup), $"{when}, stores {string.Join(',', set)}:\ncounted {string.Join("; ", counted)}\nrollup  {string.Join("; ", rollup)}");
        }
    }

    private static List<string> Normalised(IEnumerable<QueueCounts.Group> groups) =>
        [.. groups.GroupBy(g => (g.StoreId, g.Type, g.Severity, g.Next, g.Overdue))
            .Select(g => (g.Key, Count: g.Sum(x => x.Count)))
            .Where(g => g.Count > 0)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key.StoreId} {g.Key.Type} {g.Key.Severity} {g.Key.Next} {(g.Key.Overdue ? "overdue" : "on time")}: {g.Count}")];
}
