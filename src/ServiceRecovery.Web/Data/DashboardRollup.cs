using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// One row of the dashboard's rollup (decision 0041): the cases a store logged in one of its own local ISO weeks whose time
/// to apology falls in one whole-minute bucket — how many, how many are resolved, how many were won back. The 12-week
/// trend reads these few rows instead of every case of ten weeks, and finds each week's median minutes to apology from the
/// buckets' counts (then reads only the median's bucket of cases for the exact value).
/// </summary>
public sealed class DashboardWeek
{
    public int StoreId { get; set; }

    /// <summary>The store-local ISO week the case was logged in, as year × 100 + week (202610).</summary>
    public int Week { get; set; }

    /// <summary>
    /// The time to apology rounded up to whole minutes (<see cref="DashboardRollup.MinuteOf"/>): bucket m holds
    /// (m − 1) min &lt; time ≤ m min, bucket 0 holds time ≤ 0; <see cref="DashboardRollup.NoApology"/> when there is none.
    /// </summary>
    public int ApologyMinute { get; set; }

    public int Cases { get; set; }

    public int Resolved { get; set; }

    public int WonBack { get; set; }
}

internal sealed class DashboardWeekConfiguration : IEntityTypeConfiguration<DashboardWeek>
{
    public void Configure(EntityTypeBuilder<DashboardWeek> builder)
    {
        builder.ToTable("DashboardWeeks");

        // Week, then minute: a week's rows come in the order the trend sums them (per minute over the stores), no sort.
        // The migration creates the table WITHOUT ROWID, so this key is the table itself.
        builder.HasKey(w => new { w.Week, w.ApologyMinute, w.StoreId });
        builder.HasOne<Store>().WithMany().HasForeignKey(w => w.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Keeps <see cref="DashboardWeek"/> equal to what the cases say: every SaveChanges that adds or changes a case adds its
/// difference (the case's old facts −1, its new facts +1) in the same transaction; a store moved to another time zone gets
/// its rows recomputed; <see cref="RebuildAsync"/> recomputes everything (after the migration, after a bulk load).
/// </summary>
public static class DashboardRollup
{
    public const int NoApology = -1;

    private static readonly string[] InsertParameters = ["@s", "@w", "@m", "@c", "@r", "@b"];

    public static int WeekKey(int isoYear, int isoWeek) => (isoYear * 100) + isoWeek;

    /// <summary>Whole minutes, rounded up: "minutes ≤ target" is exactly "bucket ≤ target" (targets are whole minutes).</summary>
    public static int MinuteOf(TimeSpan? timeToApology) => timeToApology is not { } t ? NoApology
        : t.Ticks <= 0 ? 0
        : (int)Math.Min(int.MaxValue, ((t.Ticks - 1) / TimeSpan.TicksPerMinute) + 1);

    /// <summary>
    /// The store-local ISO week of <paramref name="loggedAtUtc"/>, with the same bounds the dashboard's range queries use
    /// (<see cref="Store.LocalToUtc(TimeZoneInfo, DateTime)"/> of each local Monday 00:00), so a week's rows and its cases
    /// always count the same cases.
    /// </summary>
    public static int WeekOf(TimeZoneInfo zone, DateTime loggedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = Store.ToLocal(zone, loggedAtUtc);
        var monday = local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7));
        if (loggedAtUtc < Store.LocalToUtc(zone, monday))
        {
            monday = monday.AddDays(-7);
        }
        else if (loggedAtUtc >= Store.LocalToUtc(zone, monday.AddDays(7)))
        {
            monday = monday.AddDays(7);
        }

        return WeekKey(ISOWeek.GetYear(monday), ISOWeek.GetWeekOfYear(monday));
    }

    /// <summary>The rollup's differences for the cases about to be saved (old facts −1, new facts +1), and stores whose zone changes.</summary>
    internal static Changes Collect(AppDbContext db, Func<IReadOnlyCollection<int>, Dictionary<int, string>> zonesOf)
    {
        if (db.ChangeTracker.AutoDetectChangesEnabled)
        {
            db.ChangeTracker.DetectChanges();
        }

        var changes = new Changes();
        foreach (var store in db.ChangeTracker.Entries<Store>())
        {
            if (store.State == EntityState.Modified && store.Property(s => s.TimeZoneId).IsModified
                && store.Property(s => s.TimeZoneId).OriginalValue != store.Property(s => s.TimeZoneId).CurrentValue)
            {
                changes.Rezoned.Add(store.Entity.Id);
            }
        }

        var cases = db.ChangeTracker.Entries<RecoveryCase>().Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).ToList();
        if (cases.Count == 0)
        {
            return changes;
        }

        var facts = new List<(Facts Fact, int Sign)>();
        foreach (var entry in cases)
        {
            var now = entry.State == EntityState.Deleted ? null : Read(entry, original: false);
            var before = entry.State == EntityState.Added ? null : Read(entry, original: true);
            if (now == before)
            {
                continue;
            }

            if (before is { } old)
            {
                facts.Add((old, -1));
            }

            if (now is { } current)
            {
                facts.Add((current, 1));
            }
        }

        if (facts.Count == 0)
        {
            return changes;
        }

        var zones = zonesOf(facts.Select(f => f.Fact.StoreId).Distinct().ToList());
        foreach (var (fact, sign) in facts)
        {
            var key = (fact.StoreId, WeekOf(TimeZoneInfo.FindSystemTimeZoneById(zones[fact.StoreId]), fact.LoggedAt), MinuteOf(fact.TimeToApology));
            var (cases1, resolved, wonBack) = changes.Deltas.GetValueOrDefault(key);
            changes.Deltas[key] = (
                cases1 + sign,
                resolved + (fact.Outcome is not null ? sign : 0),
                wonBack + (fact.Outcome == ResolutionOutcome.WonBack ? sign : 0));
        }

        return changes;
    }

    private static Facts? Read(EntityEntry<RecoveryCase> entry, bool original)
    {
        T Value<T>(PropertyEntry<RecoveryCase, T> property) => original ? property.OriginalValue : property.CurrentValue;
        return new Facts(
            Value(entry.Property(c => c.StoreId)),
            Value(entry.Property(c => c.LoggedAt)),
            Value(entry.Property(c => c.TimeToApology)),
            Value(entry.Property(c => c.ResolvedOutcome)));
    }

    /// <summary>Zones of the given stores: the context's tracked stores first, then one query.</summary>
    internal static Dictionary<int, string> Zones(AppDbContext db, IReadOnlyCollection<int> storeIds)
    {
        var zones = db.Stores.Local.Where(s => storeIds.Contains(s.Id)).ToDictionary(s => s.Id, s => s.TimeZoneId);
        var missing = storeIds.Where(id => !zones.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            foreach (var store in db.Stores.AsNoTracking().Where(s => missing.Contains(s.Id)).Select(s => new { s.Id, s.TimeZoneId }).ToList())
            {
                zones[store.Id] = store.TimeZoneId;
            }
        }

        return zones;
    }

    /// <summary>
    /// Recomputes every row (<paramref name="storeId"/>: only that store's) from the cases, on an open connection, inside
    /// <paramref name="transaction"/> when given. Used after the migration that adds the table, after a bulk load, and when
    /// a store moves to another time zone.
    /// </summary>
    public static async Task RebuildAsync(DbConnection connection, DbTransaction? transaction, int? storeId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var only = storeId is { } id ? " WHERE \"StoreId\" = " + id.ToString(CultureInfo.InvariantCulture) : string.Empty;
        var zones = new Dictionary<int, TimeZoneInfo>();
        await using (var command = Command(connection, transaction, "SELECT \"Id\", \"TimeZoneId\" FROM \"Stores\"" + only.Replace("StoreId", "Id", StringComparison.Ordinal)))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                zones[reader.GetInt32(0)] = TimeZoneInfo.FindSystemTimeZoneById(reader.GetString(1));
            }
        }

        var rows = new Dictionary<(int StoreId, int Week, int Minute), (int Cases, int Resolved, int WonBack)>();
        var weeks = new Dictionary<(int StoreId, DateTime Hour), int>();
        await using (var command = Command(connection, transaction, "SELECT \"StoreId\", \"LoggedAt\", \"TimeToApology\", \"ResolvedOutcome\" FROM \"Cases\"" + only))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var store = reader.GetInt32(0);
                var loggedAt = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);

                // Zone offsets change on whole hours or half hours at most: the week is computed once per store and UTC half hour.
                var slot = new DateTime(loggedAt.Ticks - (loggedAt.Ticks % (TimeSpan.TicksPerMinute * 30)), DateTimeKind.Utc);
                if (!weeks.TryGetValue((store, slot), out var week))
                {
                    week = WeekOf(zones[store], loggedAt);
                    if (week == WeekOf(zones[store], slot.AddMinutes(30).AddTicks(-1)) && week == WeekOf(zones[store], slot))
                    {
                        weeks[(store, slot)] = week;
                    }
                }

                var outcome = reader.IsDBNull(3) ? (ResolutionOutcome?)null : Enum.Parse<ResolutionOutcome>(reader.GetString(3));
                var key = (store, week, MinuteOf(reader.IsDBNull(2) ? null : TimeSpan.FromTicks(reader.GetInt64(2))));
                var (cases, resolved, wonBack) = rows.GetValueOrDefault(key);
                rows[key] = (cases + 1, resolved + (outcome is not null ? 1 : 0), wonBack + (outcome == ResolutionOutcome.WonBack ? 1 : 0));
            }
        }

        await using (var delete = Command(connection, transaction, "DELETE FROM \"DashboardWeeks\"" + only))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Command(
            connection,
            transaction,
            "INSERT INTO \"DashboardWeeks\" (\"StoreId\", \"Week\", \"ApologyMinute\", \"Cases\", \"Resolved\", \"WonBack\") VALUES (@s, @w, @m, @c, @r, @b)");
        var parameters = InsertParameters.Select(name =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var ((store, week, minute), (cases, resolved, wonBack)) in rows)
        {
            object[] values = [store, week, minute, cases, resolved, wonBack];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Rebuilds the rollup when it is empty but cases exist: right after the migration that added it.</summary>
    public static async Task<bool> RebuildIfMissingAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (await db.DashboardWeeks.AnyAsync(cancellationToken) || !await db.Cases.AnyAsync(cancellationToken))
        {
            return false;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await RebuildAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), cancellationToken: cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

#pragma warning disable CA2100 // Constant statements plus an integer store id, never input.
    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
#pragma warning restore CA2100

    private readonly record struct Facts(int StoreId, DateTime LoggedAt, TimeSpan? TimeToApology, ResolutionOutcome? Outcome);

    /// <summary>What one SaveChanges does to the rollup.</summary>
    internal sealed class Changes
    {
        public Dictionary<(int StoreId, int Week, int Minute), (int Cases, int Resolved, int WonBack)> Deltas { get; } = [];

        public List<int> Rezoned { get; } = [];

        public bool IsEmpty => Rezoned.Count == 0 && Deltas.Values.All(d => d == default);

        /// <summary>Adds the differences (an upsert per row; rows left with no cases are removed). Runs before the cases' own statements.</summary>
        public async Task ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            foreach (var ((store, week, minute), (cases, resolved, wonBack)) in Deltas.Where(d => d.Value != default))
            {
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "DashboardWeeks" ("StoreId", "Week", "ApologyMinute", "Cases", "Resolved", "WonBack") VALUES ({store}, {week}, {minute}, {cases}, {resolved}, {wonBack})
                    ON CONFLICT ("Week", "ApologyMinute", "StoreId") DO UPDATE SET "Cases" = "Cases" + excluded."Cases", "Resolved" = "Resolved" + excluded."Resolved", "WonBack" = "WonBack" + excluded."WonBack"
                    """,
                    cancellationToken);
                if (cases < 0)
                {
                    await db.Database.ExecuteSqlAsync(
                        $"""DELETE FROM "DashboardWeeks" WHERE "Week" = {week} AND "StoreId" = {store} AND "ApologyMinute" = {minute} AND "Cases" = 0""",
                        cancellationToken);
                }
            }
        }

        public void Apply(AppDbContext db)
        {
            foreach (var ((store, week, minute), (cases, resolved, wonBack)) in Deltas.Where(d => d.Value != default))
            {
                db.Database.ExecuteSql(
                    $"""
                    INSERT INTO "DashboardWeeks" ("StoreId", "Week", "ApologyMinute", "Cases", "Resolved", "WonBack") VALUES ({store}, {week}, {minute}, {cases}, {resolved}, {wonBack})
                    ON CONFLICT ("Week", "ApologyMinute", "StoreId") DO UPDATE SET "Cases" = "Cases" + excluded."Cases", "Resolved" = "Resolved" + excluded."Resolved", "WonBack" = "WonBack" + excluded."WonBack"
                    """);
                if (cases < 0)
                {
                    db.Database.ExecuteSql(
                        $"""DELETE FROM "DashboardWeeks" WHERE "Week" = {week} AND "StoreId" = {store} AND "ApologyMinute" = {minute} AND "Cases" = 0""");
                }
            }
        }
    }
}
