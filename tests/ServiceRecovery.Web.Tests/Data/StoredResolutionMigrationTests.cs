using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>The StoredResolution migration fills the new columns of cases that existed before it, as the domain would.</summary>
public sealed class StoredResolutionMigrationTests(AppFactory factory) : AppTestBase(factory)
{
    private const string MigrationBefore = "20261122164102_DashboardIndex";

    [Fact]
    public async Task Existing_cases_get_the_standing_resolution_and_reopened_or_open_cases_get_none()
    {
        var (wonBack, page) = await Client.LogCaseAsync("Backfill: won back");
        page = await Client.ApologiseAsync(page);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        page = await Client.FollowUpAsync(page, "Delighted");
        await Client.ResolveAsync(page);

        var (lost, lostPage) = await Client.LogCaseAsync("Backfill: lost");
        lostPage = await Client.ApologiseAsync(lostPage);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        lostPage = await Client.FollowUpAsync(lostPage, "Dissatisfied");
        await Client.ResolveAsync(lostPage, "Lost");

        var (reopened, reopenedPage) = await Client.LogCaseAsync("Backfill: resolved then reopened");
        reopenedPage = await Client.ApologiseAsync(reopenedPage);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        reopenedPage = await Client.FollowUpAsync(reopenedPage);
        reopenedPage = await Client.ResolveAsync(reopenedPage);
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        await Client.ActAsync(reopenedPage, "Reopen", new Dictionary<string, string> { ["Reopen.Reason"] = "Came back the next day" });

        var (open, _) = await Client.LogCaseAsync("Backfill: still open");

        // Back to the schema before the migration (its Down drops the columns), then forward again: its Up backfills.
        await Factory.WithDbAsync(async db =>
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(MigrationBefore);
            await migrator.MigrateAsync();
        });

        foreach (var id in new[] { wonBack, lost, reopened, open })
        {
            var stored = await Factory.LoadCaseAsync(id);
            var standing = stored.Resolutions.Count > 0 && !stored.Resolutions[^1].IsReopened ? stored.Resolutions[^1] : null;
            Assert.Equal(standing?.Outcome, stored.ResolvedOutcome);
            Assert.Equal(standing?.RootCause, stored.ResolvedRootCause);
            Assert.Equal(standing?.Dimension, stored.ResolvedDimension);
        }

        Assert.Equal(ResolutionOutcome.WonBack, (await Factory.LoadCaseAsync(wonBack)).ResolvedOutcome);
        Assert.Equal(ResolutionOutcome.Lost, (await Factory.LoadCaseAsync(lost)).ResolvedOutcome);
        Assert.Null((await Factory.LoadCaseAsync(reopened)).ResolvedOutcome);
        Assert.Null((await Factory.LoadCaseAsync(open)).ResolvedOutcome);
        Assert.False(await Factory.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges())));
    }
}
