using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Admin;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>
/// The stored deadlines (UrgentAfter, decision 0035; OverdueAfter, decision 0052) and priority: back-filled by their
/// migrations, recomputed in SQL when the owner changes a target, and always what the domain itself would write for the
/// store's targets.
/// </summary>
public sealed class QueueDeadlinesTests(AppFactory factory) : AppTestBase(factory)
{
    private const string MigrationBefore = "20261122173745_DashboardDurations";

    private const string CardMigrationBefore = "20261122203151_DashboardWeeks";

    [Fact]
    public async Task The_migration_back_fills_every_case_as_the_domain_would_to_the_tick()
    {
        var (store, ids) = await VariedCasesAsync("Deadline backfill");
        var written = await StoredAsync(ids);

        await Factory.WithDbAsync(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await migrator.MigrateAsync();
        });

        Assert.Equal(written, await StoredAsync(ids));
        Assert.Equal(await ExpectedAsync(ids), await StoredAsync(ids));
        Assert.Contains(written, w => w.UrgentAfter is null);
        Assert.Contains(written, w => w.UrgentAfter == RecoveryCase.UrgentFromTheStart);
        Assert.Contains(written, w => w.UrgentAfter is { } u && u.Ticks % TimeSpan.TicksPerSecond != 0);

        // The overdue deadline (decision 0052) is the pending target's even while an approval or a first contact waits.
        Assert.Contains(written, w => w.UrgentAfter == RecoveryCase.UrgentFromTheStart && w.OverdueAfter is { } o && o > RecoveryCase.UrgentFromTheStart);
        Assert.Contains(written, w => w.UrgentAfter is { } u && u != RecoveryCase.UrgentFromTheStart && w.OverdueAfter == u);
        Assert.True(await Factory.WithDbAsync(db => db.Targets.AnyAsync(t => t.StoreId == store)));
        Assert.False(await Factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }

    [Fact]
    public async Task The_card_complaint_migration_moves_card_deadlines_to_the_contact_rule_and_back_and_leaves_other_cases_alone()
    {
        var (_, ids) = await VariedCasesAsync("Card deadline migration");
        var written = await StoredAsync(ids);
        var cards = await Factory.WithDbAsync(db => db.Cases.Where(c => ids.Contains(c.Id) && c.Channel == Channel.FeedbackCard).Select(c => c.Id).ToListAsync());

        await Factory.WithDbAsync(async db => await db.GetService<IMigrator>().MigrateAsync(CardMigrationBefore));
        var before = await StoredAsync(ids, withOverdue: false);

        // Down: the cards' deadlines as the counter's rule wrote them (the apology within minutes); nothing else moved. (There
        // is no OverdueAfter yet at that migration.)
        var writtenThen = written.Select(w => w with { OverdueAfter = null }).ToList();
        Assert.Equal(writtenThen.Where(w => !cards.Contains(w.Id)), before.Where(b => !cards.Contains(b.Id)));
        Assert.Contains(before, b => cards.Contains(b.Id) && b.UrgentAfter is { } u && u != RecoveryCase.UrgentFromTheStart && !writtenThen.Contains(b));

        await Factory.WithDbAsync(async db => await db.GetService<IMigrator>().MigrateAsync());
        Assert.Equal(written, await StoredAsync(ids));
        Assert.Equal(await ExpectedAsync(ids), await StoredAsync(ids));
    }

    [Fact]
    public async Task A_store_target_change_recomputes_that_stores_open_cases_only()
    {
        var (store, ids) = await VariedCasesAsync("Deadline store change");
        var other = await Factory.NewStoreAsync("Deadline other store");
        var otherCase = await Factory.CaseAtAsync(other, Factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));
        var otherBefore = await StoredAsync([otherCase]);

        var saved = await Client.SubmitAsync((await Client.GetDocumentAsync($"/Admin/Targets/Store/{store}")).Form(), new Dictionary<string, string>
        {
            ["Targets.MinutesToApology"] = "45",
            ["Targets.HoursToFollowUp"] = "30",
            ["Targets.HoursToFollowUpMajor"] = "3",
        });

        Assert.Equal("/Admin/Targets", saved.RedirectTarget());
        var expected = await ExpectedAsync(ids);
        Assert.Equal(expected, await StoredAsync(ids));
        Assert.Contains(expected, e => e.UrgentAfter is { } u && u != RecoveryCase.UrgentFromTheStart);
        Assert.Equal(otherBefore, await StoredAsync([otherCase]));
    }

    [Fact]
    public async Task A_chain_target_change_recomputes_stores_without_their_own_value_and_moves_cases_between_queue_bands()
    {
        var store = await Factory.NewStoreAsync("Deadline chain change");
        await Factory.WithDbAsync(async db =>
        {
            // Through SaveChanges, as the app writes: the targets kept in memory are dropped with it (decision 0046).
            db.Targets.RemoveRange(await db.Targets.Where(t => t.StoreId == store).ToListAsync());
            await db.SaveChangesAsync();
        });
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var chain = await Factory.WithDbAsync(db => db.Targets.AsNoTracking().SingleAsync(t => t.StoreId == null));
        var fresh = await Factory.CaseAtAsync(store, now.AddMinutes(-(chain.MinutesToApology!.Value - 1)));
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Deadline manager", Roles.Manager, store));
        Assert.Equal("Warning", (await manager.GetDocumentAsync("/Queue")).Row(fresh).GetAttribute("data-urgency"));

        var form = (await Client.GetDocumentAsync("/Admin/Targets")).Form();
        var saved = await Client.SubmitAsync(form, new Dictionary<string, string> { ["Chain.MinutesToApology"] = "1" });
        Assert.Equal("/Admin/Targets", saved.RedirectTarget());

        Assert.Equal(await ExpectedAsync([fresh]), await StoredAsync([fresh]));
        var queue = await manager.GetDocumentAsync("/Queue");
        Assert.Equal("Danger", queue.Row(fresh).GetAttribute("data-urgency"));
        Assert.Contains("Apology overdue", queue.Row(fresh).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_loaded_without_its_stores_targets_refuses_a_change_instead_of_storing_a_wrong_deadline()
    {
        var store = await Factory.NewStoreAsync("Deadline guard");
        var id = await Factory.CaseAtAsync(store, Factory.Clock.GetUtcNow().UtcDateTime.AddMinutes(-1));

        await Factory.WithDbAsync(async db =>
        {
            var loaded = await db.Cases.Include(c => c.Timeline).Include(c => c.Compensations).Include(c => c.FollowUps).Include(c => c.Resolutions).SingleAsync(c => c.Id == id);
            var at = Factory.Clock.GetUtcNow().UtcDateTime;
            Assert.Throws<InvalidOperationException>(() => loaded.Apologise(at));
            Assert.Null(loaded.Apology);
            Assert.Single(loaded.Timeline);

            loaded.MeasureAgainst(await db.EffectiveTargetsAsync(store, CancellationToken.None));
            loaded.Apologise(at);
            await db.SaveChangesAsync();
        });

        Assert.Equal(await ExpectedAsync([id]), await StoredAsync([id]));
    }

    /// <summary>A store with its own targets and a case at every step: new, apologised, waiting for approval, followed up, resolved, reopened; minor and major; card complaints.</summary>
    private async Task<(int Store, int[] Ids)> VariedCasesAsync(string name)
    {
        var store = await Factory.NewStoreAsync(name);
        var t = Factory.Clock.GetUtcNow().UtcDateTime.AddHours(-3).AddTicks(1_234_567);
        int[] ids =
        [
            await Factory.CaseAtAsync(store, t),
            await Factory.CaseAtAsync(store, t.AddSeconds(1.5), severity: Severity.Major),
            await Factory.CaseAtAsync(store, t, severity: Severity.Moderate, then: c => c.Apologise(t.AddMinutes(2))),
            await Factory.CaseAtAsync(store, t, severity: Severity.Major, then: c => c.Apologise(t.AddMinutes(2))),
            await Factory.CaseAtAsync(store, t, then: c =>
            {
                c.Apologise(t.AddMinutes(1));
                c.Give(CompensationKind.Refund, 9000, t.AddMinutes(2), needsApproval: true);
            }),
            await Factory.CaseAtAsync(store, t, then: c => c.FollowUp(t.AddMinutes(20))),
            await Factory.CaseAtAsync(store, t, then: c =>
            {
                c.Apologise(t.AddMinutes(1));
                c.FollowUp(t.AddMinutes(30));
            }),
            await Factory.CaseAtAsync(store, t, then: c =>
            {
                c.Apologise(t.AddMinutes(1));
                c.FollowUp(t.AddMinutes(30));
                c.Resolve(t.AddHours(1), ResolutionOutcome.WonBack, RootCause.Other, ServiceDimension.Tangibles);
            }),
            await Factory.CaseAtAsync(store, t, severity: Severity.Major, then: c =>
            {
                c.Apologise(t.AddMinutes(1));
                c.FollowUp(t.AddMinutes(30));
                c.Resolve(t.AddHours(1), ResolutionOutcome.WonBack, RootCause.Other, ServiceDimension.Tangibles);
                c.Reopen("Came back", "Test manager", t.AddHours(2));
            }),

            // Card complaints (decision 0047): urgent from the start while major and nobody has contacted the customer; else
            // the apology is due with the contact, at the follow-up target.
            await Factory.CaseAtAsync(store, t.AddSeconds(2.25), severity: Severity.Major, channel: Channel.FeedbackCard),
            await Factory.CaseAtAsync(store, t.AddSeconds(3.5), severity: Severity.Minor, channel: Channel.FeedbackCard),
            await Factory.CaseAtAsync(store, t, severity: Severity.Major, channel: Channel.FeedbackCard, then: c => c.Apologise(t.AddMinutes(40))),
            await Factory.CaseAtAsync(store, t, severity: Severity.Major, channel: Channel.FeedbackCard, then: c => c.FollowUp(t.AddMinutes(40))),
            await Factory.CaseAtAsync(store, t, severity: Severity.Moderate, channel: Channel.FeedbackCard, then: c => c.FollowUp(t.AddMinutes(40))),
            await Factory.CaseAtAsync(store, t, severity: Severity.Major, channel: Channel.FeedbackCard, then: c =>
                c.Give(CompensationKind.Voucher, 9000, t.AddMinutes(2), needsApproval: true)),
        ];
        return (store, ids);
    }

    private async Task<List<(int Id, int Priority, DateTime? UrgentAfter, DateTime? OverdueAfter)>> StoredAsync(IEnumerable<int> ids, bool withOverdue = true)
    {
        var rows = await Factory.WithDbAsync(db => db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Priority, c.UrgentAfter, OverdueAfter = withOverdue ? c.OverdueAfter : null }).ToListAsync());
        return rows.Select(c => (c.Id, c.Priority, c.UrgentAfter, c.OverdueAfter)).ToList();
    }

    /// <summary>What the domain writes for each case at its store's targets in force now (a fresh Refresh through MeasureAgainst).</summary>
    private Task<List<(int Id, int Priority, DateTime? UrgentAfter, DateTime? OverdueAfter)>> ExpectedAsync(IEnumerable<int> ids) =>
        Factory.WithDbAsync(async db =>
        {
            var cases = await db.Cases.AsNoTracking().Include(c => c.Compensations).Include(c => c.FollowUps).Include(c => c.Resolutions).AsSplitQuery()
                .Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id).ToListAsync();
            var targets = await db.EffectiveTargetsByStoreAsync(CancellationToken.None);
            foreach (var c in cases)
            {
                c.MeasureAgainst(targets[c.StoreId]);
            }

            return cases.Select(c => (c.Id, c.Priority, c.UrgentAfter, c.OverdueAfter)).ToList();
        });
}
