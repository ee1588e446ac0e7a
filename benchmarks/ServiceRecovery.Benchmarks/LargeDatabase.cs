using System.Diagnostics;
using System.Globalization;
using Bogus;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Benchmarks;

/// <summary>
/// Builds the benchmark database: the real schema (migrations), then cases inserted with one prepared statement in
/// one transaction. Open cases were logged in the last 30 days; resolved ones over three years and carry their
/// resolution row. The queue columns (decision 0014) are set as RecoveryCase.Refresh would set them.
/// </summary>
internal static class LargeDatabase
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static async Task BuildAsync(string path, string connectionString, int total, int open, int stores, DateTime now)
    {
        var watch = Stopwatch.StartNew();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(path + suffix);
        }

        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseServiceRecoverySqlite(connectionString);
        var options = builder.Options;
        await using (var db = new AppDbContext(options))
        {
            await db.Database.MigrateAsync();
            for (var i = 1; i <= stores; i++)
            {
                db.Stores.Add(new Store($"Store {i:00}", i % 4 == 0 ? "Europe/London" : "Europe/Prague", "EUR"));
            }

            db.Targets.Add(RecoveryTargets.ChainDefaults());
            await db.SaveChangesAsync();

            // A few stores override the chain's targets, so the query has more than one deadline group.
            db.Targets.Add(new RecoveryTargets { StoreId = 3, MinutesToApology = 10 });
            db.Targets.Add(new RecoveryTargets { StoreId = 7, HoursToFollowUp = 12, HoursToFollowUpMajor = 2 });
            await db.SaveChangesAsync();
        }

        var faker = new Faker("en") { Random = new Randomizer(20260310) };
        var lines = Enumerable.Range(0, 2000).Select(_ => faker.Lorem.Sentence(8, 6)).ToArray();
        var random = new Random(20260310);
        var types = Enum.GetNames<FailureType>();
        var channels = Enum.GetNames<Channel>();

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -200000;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insertCase = connection.CreateCommand();
        insertCase.Transaction = transaction;
        insertCase.CommandText = """
            INSERT INTO "Cases" ("Id", "StoreId", "LogKey", "OccurredAt", "LoggedAt", "LoggedBy", "Channel", "FailureType", "Severity", "Description",
                "ApologyBy", "ApologyAt", "ApologyMethod", "ApologisedAt", "Version", "IsOpen", "FollowedUpAt", "AwaitsApproval")
            VALUES ($id, $store, $key, $at, $at, 'Bench cashier', $channel, $type, $severity, $description,
                $apologyBy, $apologyAt, $apologyMethod, $apologyAt, 1, $open, $followedUpAt, $awaits)
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "id", "store", "key", "at", "channel", "type", "severity", "description", "apologyBy", "apologyAt", "apologyMethod", "open", "followedUpAt", "awaits" })
        {
            p[name] = insertCase.Parameters.Add("$" + name, SqliteType.Text);
        }

        await using var insertResolution = connection.CreateCommand();
        insertResolution.Transaction = transaction;
        insertResolution.CommandText = """
            INSERT INTO "Resolutions" ("RecoveryCaseId", "RootCause", "Dimension", "Outcome", "By", "At")
            VALUES ($case, 'ProcessError', 'Reliability', 'WonBack', 'Bench manager', $at)
            """;
        var rCase = insertResolution.Parameters.Add("$case", SqliteType.Integer);
        var rAt = insertResolution.Parameters.Add("$at", SqliteType.Text);

        await using var insertCompensation = connection.CreateCommand();
        insertCompensation.Transaction = transaction;
        insertCompensation.CommandText = """
            INSERT INTO "Compensations" ("RecoveryCaseId", "Kind", "Description", "ValueMinor", "By", "At", "Approval")
            VALUES ($case, 'Refund', 'Refund above the limit', 4000, 'Bench cashier', $at, 'Pending')
            """;
        var cCase = insertCompensation.Parameters.Add("$case", SqliteType.Integer);
        var cAt = insertCompensation.Parameters.Add("$at", SqliteType.Text);

        insertCase.Prepare();
        insertResolution.Prepare();
        insertCompensation.Prepare();

        // Every tenth case is open (100,000 of 1,000,000), spread evenly through the ids.
        var openEvery = total / open;
        for (var id = 1; id <= total; id++)
        {
            var isOpen = id % openEvery == 0;
            var loggedAt = isOpen
                ? now.AddMinutes(-random.Next(1, 30 * 24 * 60))
                : now.AddDays(-30).AddMinutes(-random.Next(0, 3 * 365 * 24 * 60));
            var apologised = !isOpen || random.NextDouble() < 0.7;
            var followedUp = apologised && (!isOpen || random.NextDouble() < 0.4);
            var awaits = isOpen && apologised && random.NextDouble() < 0.03;
            var severityRoll = random.NextDouble();

            p["id"].Value = id;
            p["store"].Value = 1 + random.Next(stores);
            p["key"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
            p["at"].Value = Format(loggedAt);
            p["channel"].Value = channels[random.Next(channels.Length)];
            p["type"].Value = types[random.Next(types.Length)];
            p["severity"].Value = severityRoll < 0.6 ? "Minor" : severityRoll < 0.9 ? "Moderate" : "Major";
            p["description"].Value = lines[random.Next(lines.Length)];
            p["apologyBy"].Value = apologised ? "Bench cashier" : DBNull.Value;
            p["apologyAt"].Value = apologised ? Format(loggedAt.AddMinutes(2)) : DBNull.Value;
            p["apologyMethod"].Value = apologised ? "InPerson" : DBNull.Value;
            p["open"].Value = isOpen ? 1 : 0;
            p["followedUpAt"].Value = followedUp ? Format(loggedAt.AddHours(1)) : DBNull.Value;
            p["awaits"].Value = awaits ? 1 : 0;
            await insertCase.ExecuteNonQueryAsync();

            if (!isOpen)
            {
                rCase.Value = id;
                rAt.Value = Format(loggedAt.AddHours(2));
                await insertResolution.ExecuteNonQueryAsync();
            }

            if (awaits)
            {
                cCase.Value = id;
                cAt.Value = Format(loggedAt.AddMinutes(3));
                await insertCompensation.ExecuteNonQueryAsync();
            }

            if (id % 200_000 == 0)
            {
                Console.WriteLine($"  {id:N0} cases inserted ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        await transaction.CommitAsync();
        await using (var analyze = connection.CreateCommand())
        {
            analyze.CommandText = "ANALYZE;";
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine($"Built {path} in {watch.Elapsed.TotalSeconds:F0} s");
    }

    private static string Format(DateTime utc) => utc.ToString(DateFormat, CultureInfo.InvariantCulture);
}
