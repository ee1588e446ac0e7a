using System.Net;
using Microsoft.Data.Sqlite;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Admin;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>
/// The targets and store memberships kept in memory (decision 0046) never outlive a committed change, also when the
/// change is saved inside a transaction that commits later (the page-level case is in StaffPageTests).
/// </summary>
public sealed class ReferenceDataTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task A_membership_saved_in_a_transaction_applies_once_the_transaction_commits_though_a_request_read_the_old_rows_in_between()
    {
        var (staff, manager, storeC, caseOfC) = await ManagerOfStoreAWhoHasReadItsStoresAsync("Transaction");
        using var _ = manager;

        await Factory.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.StoreMembers.Add(new StoreMember(staff.Id, storeC));
            await db.SaveChangesAsync();

            // Saved, not committed: the app's request reads the committed rows (without store C) on its own connection.
            Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Cases/{caseOfC}")).StatusCode);
            await transaction.CommitAsync();
        });

        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Cases/{caseOfC}")).StatusCode);
    }

    [Fact]
    public async Task A_membership_written_by_another_process_shows_once_the_copy_is_older_than_its_maximum_age()
    {
        var (staff, manager, storeC, caseOfC) = await ManagerOfStoreAWhoHasReadItsStoresAsync("Other Process");
        using var _ = manager;

        // Another process (its own connection, not the app's SaveChanges) adds the membership: this app cannot be told.
        await using (var other = new SqliteConnection(Factory.ConnectionString))
        {
            await other.OpenAsync();
            await using var insert = other.CreateCommand();
            insert.CommandText = "INSERT INTO \"StoreMembers\" (\"UserId\", \"StoreId\") VALUES ($user, $store)";
            insert.Parameters.AddWithValue("$user", staff.Id);
            insert.Parameters.AddWithValue("$store", storeC);
            await insert.ExecuteNonQueryAsync();
        }

        Factory.Clock.Advance(ReferenceData.MaxAge - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Cases/{caseOfC}")).StatusCode);
        Factory.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/Cases/{caseOfC}")).StatusCode);
    }

    /// <summary>
    /// A manager of the default store, signed in, whose request for a case of a new store C was refused: the app now holds
    /// its copy of the memberships (without C).
    /// </summary>
    private async Task<(StaffLogin Staff, HttpClient Manager, int StoreC, int CaseOfC)> ManagerOfStoreAWhoHasReadItsStoresAsync(string name)
    {
        var storeA = await Factory.DefaultStoreIdAsync();
        var storeC = await Client.CreateStoreAsync(Factory, $"Store {name} " + Guid.NewGuid().ToString("N")[..6]);
        var caseOfC = await Factory.CaseAtAsync(storeC, Factory.Clock.GetUtcNow().UtcDateTime);
        var staff = await Factory.CreateStaffAsync($"{name} Manager", Roles.Manager, storeA);
        var manager = await Factory.SignedInClientAsync(staff);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/Cases/{caseOfC}")).StatusCode);
        return (staff, manager, storeC, caseOfC);
    }
}
