using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>
/// The DashboardDurations migration fills the stored times to apology and follow-up of cases that existed before it, to the
/// tick, as <see cref="RecoveryCase"/> would (fractions of a second included; a follow-up ended by a reopen does not count).
/// </summary>
public sealed class DashboardDurationsMigrationTests(AppFactory factory) : AppTestBase(factory)
{
    private const string MigrationBefore = "20261122170321_StoredResolution";

    [Fact]
    public async Task Existing_cases_get_their_times_to_apology_and_follow_up_to_the_tick()
    {
        var store = await Factory.NewStoreAsync("Durations backfill");
        var t = Utc("2026-03-03T10:00:00Z").AddTicks(1_234_567);
        var both = await Factory.CaseAtAsync(store, t, then: c =>
        {
            c.Apologise(t.AddMinutes(3).AddTicks(7_654_321));
            c.FollowUp(t.AddHours(26).AddTicks(-1_234_567));
        });
        var apologyOnly = await Factory.CaseAtAsync(store, t.AddSeconds(1.5), then: c => c.Apologise(t.AddSeconds(61)));
        var reopened = await Factory.CaseAtAsync(store, t, then: c =>
        {
            c.Apologise(t.AddMinutes(1));
            c.FollowUp(t.AddMinutes(30));
            c.Resolve(t.AddHours(1), ResolutionOutcome.WonBack, RootCause.Other, ServiceDimension.Tangibles);
            c.Reopen("Came back", "Test manager", t.AddHours(2));
        });
        var untouched = await Factory.CaseAtAsync(store, Utc("2026-03-04T09:00:00Z"));

        await Factory.WithDbAsync(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await migrator.MigrateAsync();
        });

        foreach (var id in new[] { both, apologyOnly, reopened, untouched })
        {
            var stored = await Factory.LoadCaseAsync(id);
            Assert.Equal(stored.Apology is null ? null : stored.Apology.At - stored.LoggedAt, stored.TimeToApology);
            Assert.Equal(stored.CurrentFollowUp is null ? null : stored.CurrentFollowUp.At - stored.LoggedAt, stored.TimeToFollowUp);
        }

        Assert.Equal(TimeSpan.FromMinutes(3).Add(TimeSpan.FromTicks(7_654_321)), (await Factory.LoadCaseAsync(both)).TimeToApology);
        Assert.Equal(TimeSpan.FromSeconds(59.5), (await Factory.LoadCaseAsync(apologyOnly)).TimeToApology);
        Assert.Null((await Factory.LoadCaseAsync(reopened)).TimeToFollowUp);
        Assert.Null((await Factory.LoadCaseAsync(untouched)).TimeToApology);
        Assert.False(await Factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }
}
