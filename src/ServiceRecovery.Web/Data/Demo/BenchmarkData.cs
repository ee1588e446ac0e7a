using System.Collections.Concurrent;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>
/// The benchmark-sized chain: <see cref="DemoChain.BenchStores"/> (two with targets of their own) and as many cases as
/// asked, from the same <see cref="CaseGenerator"/> as the demo, written by <see cref="BulkCaseWriter"/>. Staff exist only
/// as names on the cases (no accounts).
/// </summary>
public static class BenchmarkData
{
    /// <summary>
    /// Adds the stores (and chain targets if missing) through EF, then bulk-writes the cases; returns how many were written.
    /// <paramref name="exclusive"/>: nothing else has the database open (see <see cref="BulkCaseWriter.Write"/>).
    /// </summary>
    public static async Task<int> WriteAsync(string connectionString, int storeCount, GeneratorSettings settings, bool exclusive = false, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseServiceRecoverySqlite(connectionString);
        var profiles = DemoChain.BenchStores(storeCount);
        var stores = new List<Store>();
        IReadOnlyDictionary<int, EffectiveTargets> targets;
        await using (var db = new AppDbContext(builder.Options))
        {
            stores.AddRange(profiles.Select(p => new Store(p.Name, p.TimeZoneId, p.Currency)));
            db.Stores.AddRange(stores);
            if (!await db.Targets.AnyAsync(t => t.StoreId == null, cancellationToken))
            {
                db.Targets.Add(RecoveryTargets.ChainDefaults());
            }

            await db.SaveChangesAsync(cancellationToken);

            // A few stores override the chain's targets, so queries meet more than one deadline group.
            if (stores.Count >= 7)
            {
                db.Targets.Add(new RecoveryTargets { StoreId = stores[2].Id, MinutesToApology = 10 });
                db.Targets.Add(new RecoveryTargets { StoreId = stores[6].Id, HoursToFollowUp = 12, HoursToFollowUpMajor = 2 });
                await db.SaveChangesAsync(cancellationToken);
            }

            targets = await db.EffectiveTargetsByStoreAsync(cancellationToken);
        }

        var faker = new Faker("en") { Random = new Randomizer(settings.Seed) };
        var generatorStores = stores.Select((s, i) => new GeneratorStore(
            s.Id,
            profiles[i],
            Enumerable.Range(0, 4).Select(_ => new StaffName(faker.Name.FullName(), null)).ToList(),
            Enumerable.Range(0, 2).Select(_ => new StaffName(faker.Name.FullName(), null)).ToList(),
            targets[s.Id])).ToList();

        // Generating (the domain's methods, Bogus) and writing (SQLite) take about as long as each other: run them side by side.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var pipe = new BlockingCollection<RecoveryCase>(boundedCapacity: 20_000);
        var producer = Task.Run(
            () =>
            {
                try
                {
                    foreach (var recoveryCase in CaseGenerator.Generate(generatorStores, settings))
                    {
                        pipe.Add(recoveryCase, stop.Token);
                    }
                }
                finally
                {
                    pipe.CompleteAdding();
                }
            },
            stop.Token);
        int written;
        try
        {
            var weeks = new DashboardRollup.WeekCalendar(stores.ToDictionary(s => s.Id, s => s.TimeZone));
            written = BulkCaseWriter.Write(connectionString, pipe.GetConsumingEnumerable(stop.Token), weeks, exclusive, progress: progress);
        }
        catch
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // Expected: the producer was told to stop because the writer failed.
            }

            throw;
        }

        await producer;

        // The bulk writer bypasses SaveChanges, so the dashboard's rollup (decision 0041) is computed from the cases once, at the end.
        await using (var db = new AppDbContext(builder.Options))
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await DashboardRollup.RebuildAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return written;
    }
}
