using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

/// <summary>What a <see cref="DashboardFact"/> counts; its <see cref="DashboardFact.Value"/> says which one of that kind.</summary>
public enum DashboardFactKind
{
    /// <summary>Every case (Value 0): the week's failures.</summary>
    Logged = 1,

    /// <summary>Apologised cases (Value 0).</summary>
    Apologised = 2,

    /// <summary>Cases with a standing manager follow-up (Value 0).</summary>
    FollowedUp = 3,

    /// <summary>Cases still open (Value 0).</summary>
    Open = 4,

    /// <summary>Resolved cases of one outcome (Value: <see cref="ResolutionOutcome"/>).</summary>
    Outcome = 5,

    /// <summary>Cases of one failure type (Value: <see cref="Domain.FailureType"/>).</summary>
    FailureType = 6,

    /// <summary>Cases of one severity (Value: <see cref="Domain.Severity"/>).</summary>
    Severity = 7,

    /// <summary>Cases of one channel (Value: <see cref="Domain.Channel"/>).</summary>
    Channel = 8,

    /// <summary>Resolved cases of one root cause (Value: <see cref="Domain.RootCause"/>).</summary>
    RootCause = 9,

    /// <summary>Resolved cases of one failed service dimension (Value: <see cref="ServiceDimension"/>).</summary>
    Dimension = 10,

    /// <summary>Apologised cases whose apology is due in minutes, per minute bucket of time to apology (<see cref="DashboardRollup.MinuteOf"/>).</summary>
    ApologyMinute = 20,

    /// <summary>Apologised feedback-card complaints, not major: the apology is due at the follow-up target (decision 0047); per minute bucket.</summary>
    CardApologyMinute = 21,

    /// <summary>Apologised feedback-card complaints, major: due at the major follow-up target; per minute bucket.</summary>
    CardApologyMinuteMajor = 22,

    /// <summary>Followed-up cases, not major, per hour bucket of time to follow-up (<see cref="DashboardRollup.HourOf"/>).</summary>
    FollowUpHour = 30,

    /// <summary>Followed-up major cases, per hour bucket.</summary>
    FollowUpHourMajor = 31,

    /// <summary>
    /// Compensations of one kind and approval state (Value: kind × 10 + approval): <see cref="DashboardFact.Cases"/> counts
    /// them, <see cref="DashboardFact.Amount"/> sums their values in minor units of the store's currency.
    /// </summary>
    Compensation = 40,

    /// <summary>
    /// The cases open now (in <see cref="DashboardRollup.OpenCasesWeek"/>, not a week), by what the queue's header and filters
    /// count: failure type, severity, next step and whether a target is still pending (Value:
    /// <see cref="DashboardRollup.OpenCaseValue"/>). Which of the pending ones are overdue depends on the moment read, so the
    /// queue subtracts those not yet overdue, read by their stored deadline (<see cref="RecoveryCase.OverdueAfter"/>, decision 0052).
    /// </summary>
    OpenCase = 50,
}

/// <summary>
/// One row of the dashboard's rollup (decisions 0041, 0049): how many of the cases a store logged in one of its own local
/// ISO weeks have one fact — a failure type, a severity, an outcome, a minute of time to apology, an hour of time to
/// follow-up, a kind of compensation. A week of the whole chain is a few thousand of these rows instead of its cases; the
/// shares within target come from the minute and hour buckets against the targets in force when the page is read; the
/// counts also say where each median sits in the week's ordered index range of times (<see cref="DashboardRollup.WeekColumn"/>).
/// </summary>
public sealed class DashboardFact
{
    /// <summary>
    /// The store-local ISO week the case was logged in, as year × 100 + week (202610); <see cref="DashboardRollup.OpenCasesWeek"/>
    /// for <see cref="DashboardFactKind.OpenCase"/>, which counts the open cases of every week.
    /// </summary>
    public int Week { get; set; }

    public DashboardFactKind Kind { get; set; }

    public int Value { get; set; }

    public int StoreId { get; set; }

    public int Cases { get; set; }

    /// <summary>For <see cref="DashboardFactKind.Compensation"/>: the sum of the compensations' values (minor units); else 0.</summary>
    public long Amount { get; set; }
}

internal sealed class DashboardFactConfiguration : IEntityTypeConfiguration<DashboardFact>
{
    public void Configure(EntityTypeBuilder<DashboardFact> builder)
    {
        builder.ToTable("DashboardFacts");

        // Week, store, kind, value: one case's facts sit together (its store's rows of the week, a few pages at most), so a save
        // that counts a case writes one or two pages of this table, not one per kind; every read names its stores (the whole
        // chain's too), so a week's rows of one kind are a key range per store. The migration creates the table WITHOUT ROWID,
        // so this key is the table itself.
        builder.HasKey(f => new { f.Week, f.StoreId, f.Kind, f.Value });
        builder.Property(f => f.Kind).HasConversion<int>();
        builder.HasOne<Store>().WithMany().HasForeignKey(f => f.StoreId).OnDelete(DeleteBehavior.Restrict);
    }
}

/// <summary>
/// Keeps <see cref="DashboardFact"/> equal to what the cases say: every SaveChanges that adds or changes a case or a
/// compensation adds its difference (the old facts −1, the new facts +1) in the same transaction; a store moved to another
/// time zone gets its rows recomputed; <see cref="RebuildAsync"/> recomputes everything (after the migration, after a bulk load).
/// </summary>
public static class DashboardRollup
{
    /// <summary>Rows per upsert statement: 6 parameters each, well under SQLite's 32,766.</summary>
    private const int RowsPerStatement = 500;

    private static readonly string[] InsertParameters = ["@w", "@k", "@v", "@s", "@c", "@a"];

    /// <summary>The kinds whose buckets are minutes of time to apology.</summary>
    public static IReadOnlyList<DashboardFactKind> ApologyKinds { get; } =
        [DashboardFactKind.ApologyMinute, DashboardFactKind.CardApologyMinute, DashboardFactKind.CardApologyMinuteMajor];

    /// <summary>The kinds whose buckets are hours of time to follow-up.</summary>
    public static IReadOnlyList<DashboardFactKind> FollowUpKinds { get; } = [DashboardFactKind.FollowUpHour, DashboardFactKind.FollowUpHourMajor];

    /// <summary>
    /// The shadow column on <c>Cases</c> that holds <see cref="WeekOf"/> of the case (its store-local ISO week), written with
    /// the case by <see cref="Collect"/> and corrected by <see cref="RebuildAsync"/>: a median is a walk to the middle of a
    /// week's times in an index on (week, time) or (week, store, time), instead of a scan and sort of the week's cases.
    /// </summary>
    public const string WeekColumn = "LoggedWeek";

    /// <summary>The <see cref="DashboardFact.Week"/> of the <see cref="DashboardFactKind.OpenCase"/> rows: before any week, so they sit together.</summary>
    public const int OpenCasesWeek = 0;

    public static int WeekKey(int isoYear, int isoWeek) => (isoYear * 100) + isoWeek;

    /// <summary>The row's week for a fact of a case logged in <paramref name="week"/>: the open cases' rows are kept apart from the weeks.</summary>
    private static int WeekFor(DashboardFactKind kind, int week) => kind == DashboardFactKind.OpenCase ? OpenCasesWeek : week;

    /// <summary>An <see cref="DashboardFactKind.OpenCase"/> row's value; <paramref name="pending"/>: the apology or the follow-up is still due.</summary>
    public static int OpenCaseValue(FailureType type, Severity severity, NextStep next, bool pending) =>
        ((int)type * 1000) + ((int)severity * 100) + ((int)next * 10) + (pending ? 1 : 0);

    public static (FailureType Type, Severity Severity, NextStep Next, bool Pending) OpenCaseOf(int value) =>
        ((FailureType)(value / 1000), (Severity)(value / 100 % 10), (NextStep)(value / 10 % 10), value % 10 == 1);

    /// <summary>Whole minutes, rounded up: "minutes ≤ target" is exactly "bucket ≤ target" (targets are whole minutes or hours).</summary>
    public static int MinuteOf(TimeSpan time) => BucketOf(time, TimeSpan.TicksPerMinute);

    /// <summary>Whole hours, rounded up: "hours ≤ target" is exactly "bucket ≤ target" (follow-up targets are whole hours).</summary>
    public static int HourOf(TimeSpan time) => BucketOf(time, TimeSpan.TicksPerHour);

    /// <summary>Bucket b holds (b − 1) units &lt; time ≤ b units; bucket 0 holds time ≤ 0.</summary>
    private static int BucketOf(TimeSpan time, long ticksPerUnit) =>
        time.Ticks <= 0 ? 0 : (int)Math.Min(int.MaxValue, ((time.Ticks - 1) / ticksPerUnit) + 1);

    /// <summary>The target the apologies counted in a minute-bucket kind are measured against (decision 0047 for cards).</summary>
    public static TimeSpan ApologyTarget(DashboardFactKind kind, EffectiveTargets targets) => kind switch
    {
        DashboardFactKind.ApologyMinute => TimeSpan.FromMinutes(targets.MinutesToApology),
        DashboardFactKind.CardApologyMinute => RecoveryCase.ApologyTarget(Channel.FeedbackCard, Severity.Minor, targets),
        DashboardFactKind.CardApologyMinuteMajor => RecoveryCase.ApologyTarget(Channel.FeedbackCard, Severity.Major, targets),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an apology bucket."),
    };

    /// <summary>The target the follow-ups counted in an hour-bucket kind are measured against.</summary>
    public static TimeSpan FollowUpTarget(DashboardFactKind kind, EffectiveTargets targets) =>
        RecoveryCase.FollowUpTarget(kind == DashboardFactKind.FollowUpHourMajor ? Severity.Major : Severity.Minor, targets);

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

    /// <summary>The rows one case counts in (each with one case), from the facts <c>RecoveryCase.Refresh()</c> stores on it.</summary>
    internal static IEnumerable<(DashboardFactKind Kind, int Value)> FactsOf(CaseFacts c)
    {
        yield return (DashboardFactKind.Logged, 0);
        yield return (DashboardFactKind.FailureType, (int)c.FailureType);
        yield return (DashboardFactKind.Severity, (int)c.Severity);
        yield return (DashboardFactKind.Channel, (int)c.Channel);
        if (c.IsOpen)
        {
            yield return (DashboardFactKind.Open, 0);
            var apologised = c.TimeToApology is not null;
            var followedUp = c.TimeToFollowUp is not null;
            yield return (DashboardFactKind.OpenCase, OpenCaseValue(
                c.FailureType, c.Severity, RecoveryCase.NextStepOf(c.AwaitsApproval, apologised, followedUp), !apologised || !followedUp));
        }

        if (c.Outcome is { } outcome)
        {
            yield return (DashboardFactKind.Outcome, (int)outcome);
        }

        if (c.RootCause is { } cause)
        {
            yield return (DashboardFactKind.RootCause, (int)cause);
            if (c.Dimension is { } dimension)
            {
                yield return (DashboardFactKind.Dimension, (int)dimension);
            }
        }

        if (c.TimeToApology is { } apology)
        {
            yield return (DashboardFactKind.Apologised, 0);
            var kind = !RecoveryCase.ApologisedAtContact(c.Channel) ? DashboardFactKind.ApologyMinute
                : c.Severity == Severity.Major ? DashboardFactKind.CardApologyMinuteMajor
                : DashboardFactKind.CardApologyMinute;
            yield return (kind, MinuteOf(apology));
        }

        if (c.TimeToFollowUp is { } followUp)
        {
            yield return (DashboardFactKind.FollowedUp, 0);
            yield return (c.Severity == Severity.Major ? DashboardFactKind.FollowUpHourMajor : DashboardFactKind.FollowUpHour, HourOf(followUp));
        }
    }

    /// <summary>A compensation's row value: its kind and approval state.</summary>
    public static int CompensationValue(CompensationKind kind, CompensationApproval approval) => ((int)kind * 10) + (int)approval;

    public static (CompensationKind Kind, CompensationApproval Approval) CompensationOf(int value) =>
        ((CompensationKind)(value / 10), (CompensationApproval)(value % 10));

    /// <summary>The rollup's differences for the cases and compensations about to be saved (old facts −1, new facts +1), and stores whose zone changes.</summary>
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

        // (store, logged at, kind, value, sign, amount) for every row that moves.
        var moves = new List<(int StoreId, DateTime LoggedAt, DashboardFactKind Kind, int Value, int Sign, long Amount)>();
        var owners = new Dictionary<Compensation, (int StoreId, DateTime LoggedAt)>(ReferenceEqualityComparer.Instance);
        foreach (var entry in db.ChangeTracker.Entries<RecoveryCase>())
        {
            foreach (var compensation in entry.Entity.Compensations)
            {
                owners[compensation] = (entry.Entity.StoreId, entry.Entity.LoggedAt);
            }

            if (Change<RecoveryCase, CaseFacts>(entry, Read) is not var (before, now))
            {
                continue;
            }

            foreach (var (facts, sign) in new[] { (before, -1), (now, 1) })
            {
                if (facts is { } f)
                {
                    moves.AddRange(FactsOf(f).Select(r => (f.StoreId, f.LoggedAt, r.Kind, r.Value, sign, 0L)));
                }
            }
        }

        foreach (var entry in db.ChangeTracker.Entries<Compensation>())
        {
            if (Change<Compensation, CompensationFacts>(entry, Read) is not var (before, now))
            {
                continue;
            }

            var (storeId, loggedAt) = owners.TryGetValue(entry.Entity, out var owner) ? owner : OwnerOf(db, entry);
            foreach (var (facts, sign) in new[] { (before, -1), (now, 1) })
            {
                if (facts is { } f)
                {
                    moves.Add((storeId, loggedAt, DashboardFactKind.Compensation, CompensationValue(f.Kind, f.Approval), sign, sign * f.ValueMinor));
                }
            }
        }

        if (moves.Count == 0)
        {
            return changes;
        }

        var weeks = new WeekCalendar(zonesOf(moves.Select(m => m.StoreId).Distinct().ToList())
            .ToDictionary(z => z.Key, z => TimeZoneInfo.FindSystemTimeZoneById(z.Value)));
        foreach (var move in moves)
        {
            var key = (WeekFor(move.Kind, weeks.Of(move.StoreId, move.LoggedAt)), move.Kind, move.Value, move.StoreId);
            var (cases, amount) = changes.Deltas.GetValueOrDefault(key);
            changes.Deltas[key] = (cases + move.Sign, amount + move.Amount);
        }

        // A new case is written with its week (every new case has moves, so its store's zone is known here).
        foreach (var entry in db.ChangeTracker.Entries<RecoveryCase>().Where(e => e.State == EntityState.Added))
        {
            entry.Property(WeekColumn).CurrentValue = weeks.Of(entry.Entity.StoreId, entry.Entity.LoggedAt);
        }

        return changes;
    }

    /// <summary>An entry's facts before and after this save; null when it is not added, changed or deleted, or its facts stay the same.</summary>
    private static (T? Before, T? Now)? Change<TEntity, T>(EntityEntry<TEntity> entry, Func<EntityEntry<TEntity>, bool, T?> read)
        where TEntity : class
        where T : struct
    {
        if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
        {
            return null;
        }

        var now = entry.State == EntityState.Deleted ? null : read(entry, false);
        var before = entry.State == EntityState.Added ? null : read(entry, true);
        return now.Equals(before) ? null : (before, now);
    }

    private static CaseFacts? Read(EntityEntry<RecoveryCase> entry, bool original)
    {
        T Value<T>(PropertyEntry<RecoveryCase, T> property) => original ? property.OriginalValue : property.CurrentValue;
        return new CaseFacts(
            Value(entry.Property(c => c.StoreId)),
            Value(entry.Property(c => c.LoggedAt)),
            Value(entry.Property(c => c.FailureType)),
            Value(entry.Property(c => c.Severity)),
            Value(entry.Property(c => c.Channel)),
            Value(entry.Property(c => c.IsOpen)),
            Value(entry.Property(c => c.AwaitsApproval)),
            Value(entry.Property(c => c.TimeToApology)),
            Value(entry.Property(c => c.TimeToFollowUp)),
            Value(entry.Property(c => c.ResolvedOutcome)),
            Value(entry.Property(c => c.ResolvedRootCause)),
            Value(entry.Property(c => c.ResolvedDimension)));
    }

    private static CompensationFacts? Read(EntityEntry<Compensation> entry, bool original)
    {
        T Value<T>(PropertyEntry<Compensation, T> property) => original ? property.OriginalValue : property.CurrentValue;
        return new CompensationFacts(Value(entry.Property(c => c.Kind)), Value(entry.Property(c => c.Approval)), Value(entry.Property(c => c.ValueMinor)));
    }

    /// <summary>The store and time of the case a compensation belongs to, when that case is not tracked: one query by its key.</summary>
    private static (int StoreId, DateTime LoggedAt) OwnerOf(AppDbContext db, EntityEntry<Compensation> entry)
    {
        var caseId = (int)entry.Property("RecoveryCaseId").CurrentValue!;
        var owner = db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.StoreId, c.LoggedAt }).Single();
        return (owner.StoreId, owner.LoggedAt);
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
    /// Recomputes every row (<paramref name="storeId"/>: only that store's) from the cases and compensations, on an open
    /// connection, inside <paramref name="transaction"/> when given. Used after the migration that adds the table, after a
    /// bulk load, and when a store moves to another time zone.
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

        var calendar = new WeekCalendar(zones);
        static T? Parsed<T>(DbDataReader reader, int column)
            where T : struct, Enum => reader.IsDBNull(column) ? null : Enum.Parse<T>(reader.GetString(column));

        var rows = new Dictionary<(int Week, DashboardFactKind Kind, int Value, int StoreId), (int Cases, long Amount)>();
        void Add(int week, DashboardFactKind kind, int value, int store, long amount)
        {
            var (cases, sum) = rows.GetValueOrDefault((week, kind, value, store));
            rows[(week, kind, value, store)] = (cases + 1, sum + amount);
        }

        var misfiled = new List<(int Id, int Week)>();
        const string CaseColumns = "\"Id\", \"" + WeekColumn + "\", \"StoreId\", \"LoggedAt\", \"FailureType\", \"Severity\", \"Channel\", \"IsOpen\", \"TimeToApology\", \"TimeToFollowUp\", \"ResolvedOutcome\", \"ResolvedRootCause\", \"ResolvedDimension\", \"AwaitsApproval\"";
        await using (var command = Command(connection, transaction, "SELECT " + CaseColumns + " FROM \"Cases\"" + only))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var facts = new CaseFacts(
                    reader.GetInt32(2),
                    DateTime.SpecifyKind(reader.GetDateTime(3), DateTimeKind.Utc),
                    Enum.Parse<FailureType>(reader.GetString(4)),
                    Enum.Parse<Severity>(reader.GetString(5)),
                    Enum.Parse<Channel>(reader.GetString(6)),
                    reader.GetBoolean(7),
                    reader.GetBoolean(13),
                    reader.IsDBNull(8) ? null : TimeSpan.FromTicks(reader.GetInt64(8)),
                    reader.IsDBNull(9) ? null : TimeSpan.FromTicks(reader.GetInt64(9)),
                    Parsed<ResolutionOutcome>(reader, 10),
                    Parsed<RootCause>(reader, 11),
                    Parsed<ServiceDimension>(reader, 12));
                var week = calendar.Of(facts.StoreId, facts.LoggedAt);
                if (reader.GetInt32(1) != week)
                {
                    misfiled.Add((reader.GetInt32(0), week));
                }

                foreach (var (kind, value) in FactsOf(facts))
                {
                    Add(WeekFor(kind, week), kind, value, facts.StoreId, 0);
                }
            }
        }

        // Cases whose stored week is not their store's week now: all of them right after the migration that added the
        // column, a moved store's after a zone change, none after the bulk writer (it writes the week).
        if (misfiled.Count > 0)
        {
            await using var update = Command(connection, transaction, "UPDATE \"Cases\" SET \"" + WeekColumn + "\" = @w WHERE \"Id\" = @id");
            var week = update.CreateParameter();
            week.ParameterName = "@w";
            update.Parameters.Add(week);
            var caseId = update.CreateParameter();
            caseId.ParameterName = "@id";
            update.Parameters.Add(caseId);
            foreach (var (misfiledId, value) in misfiled)
            {
                week.Value = value;
                caseId.Value = misfiledId;
                await update.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var compensations =
            "SELECT c.\"StoreId\", c.\"LoggedAt\", m.\"Kind\", m.\"Approval\", m.\"ValueMinor\" FROM \"Compensations\" AS m JOIN \"Cases\" AS c ON c.\"Id\" = m.\"RecoveryCaseId\""
            + (storeId is { } one ? " WHERE c.\"StoreId\" = " + one.ToString(CultureInfo.InvariantCulture) : string.Empty);
        await using (var command = Command(connection, transaction, compensations))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var store = reader.GetInt32(0);
                var week = calendar.Of(store, DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc));
                var value = CompensationValue(Enum.Parse<CompensationKind>(reader.GetString(2)), Enum.Parse<CompensationApproval>(reader.GetString(3)));
                Add(week, DashboardFactKind.Compensation, value, store, reader.GetInt64(4));
            }
        }

        await using (var delete = Command(connection, transaction, "DELETE FROM \"DashboardFacts\"" + only))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var insert = Command(
            connection,
            transaction,
            "INSERT INTO \"DashboardFacts\" (\"Week\", \"Kind\", \"Value\", \"StoreId\", \"Cases\", \"Amount\") VALUES (@w, @k, @v, @s, @c, @a)");
        var parameters = InsertParameters.Select(name =>
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        foreach (var ((week, kind, value, store), (cases, amount)) in rows)
        {
            object[] values = [week, (int)kind, value, store, cases, amount];
            for (var i = 0; i < values.Length; i++)
            {
                parameters[i].Value = values[i];
            }

            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Rebuilds the rollup when it is empty but cases exist (right after the migration that added it), or when cases are
    /// open but none is counted among the open cases (a file from before decision 0052).
    /// </summary>
    public static async Task<bool> RebuildIfMissingAsync(AppDbContext db, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var filled = await db.DashboardFacts.AnyAsync(cancellationToken)
            ? await db.DashboardFacts.AnyAsync(f => f.Week == OpenCasesWeek, cancellationToken) || !await db.Cases.AnyAsync(c => c.IsOpen, cancellationToken)
            : !await db.Cases.AnyAsync(cancellationToken);
        if (filled)
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

    /// <summary>
    /// <see cref="WeekOf"/> for many cases of known stores: zone offsets change on whole hours or half hours at most, so the
    /// week is computed once per store and UTC half hour.
    /// </summary>
    public sealed class WeekCalendar(IReadOnlyDictionary<int, TimeZoneInfo> zones)
    {
        private readonly Dictionary<(int StoreId, DateTime Slot), int> _weeks = [];

        public int Of(int storeId, DateTime loggedAtUtc)
        {
            var slot = new DateTime(loggedAtUtc.Ticks - (loggedAtUtc.Ticks % (TimeSpan.TicksPerMinute * 30)), DateTimeKind.Utc);
            if (_weeks.TryGetValue((storeId, slot), out var week))
            {
                return week;
            }

            var zone = zones[storeId];
            week = WeekOf(zone, loggedAtUtc);
            if (week == WeekOf(zone, slot.AddMinutes(30).AddTicks(-1)) && week == WeekOf(zone, slot))
            {
                _weeks[(storeId, slot)] = week;
            }

            return week;
        }
    }

    /// <summary>The columns of a case the rollup counts (what <c>RecoveryCase.Refresh()</c> stores).</summary>
    internal readonly record struct CaseFacts(
        int StoreId, DateTime LoggedAt, FailureType FailureType, Severity Severity, Channel Channel, bool IsOpen, bool AwaitsApproval,
        TimeSpan? TimeToApology, TimeSpan? TimeToFollowUp, ResolutionOutcome? Outcome, RootCause? RootCause, ServiceDimension? Dimension);

    private readonly record struct CompensationFacts(CompensationKind Kind, CompensationApproval Approval, long ValueMinor);

    /// <summary>What one SaveChanges does to the rollup.</summary>
    internal sealed class Changes
    {
        public Dictionary<(int Week, DashboardFactKind Kind, int Value, int StoreId), (int Cases, long Amount)> Deltas { get; } = [];

        public List<int> Rezoned { get; } = [];

        public bool IsEmpty => Rezoned.Count == 0 && Deltas.Values.All(d => d == default);

        /// <summary>
        /// Adds the differences: one multi-row upsert per 500 rows, then — when some row lost cases — one statement that
        /// removes the rows left with none. Runs before the cases' own statements, in their transaction.
        /// </summary>
        public async Task ApplyAsync(AppDbContext db, CancellationToken cancellationToken)
        {
            foreach (var (sql, parameters) in Statements())
            {
                await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
            }
        }

        public void Apply(AppDbContext db)
        {
            foreach (var (sql, parameters) in Statements())
            {
                db.Database.ExecuteSqlRaw(sql, parameters);
            }
        }

        private IEnumerable<(string Sql, object[] Parameters)> Statements()
        {
            var moved = Deltas.Where(d => d.Value != default).ToList();
            foreach (var chunk in moved.Chunk(RowsPerStatement))
            {
                var parameters = new List<object>();
                var values = new List<string>();
                foreach (var ((week, kind, value, store), (cases, amount)) in chunk)
                {
                    values.Add(Placeholders(parameters.Count, 6));
                    parameters.AddRange([week, (int)kind, value, store, cases, amount]);
                }

                yield return (
                    "INSERT INTO \"DashboardFacts\" (\"Week\", \"Kind\", \"Value\", \"StoreId\", \"Cases\", \"Amount\") VALUES "
                    + string.Join(", ", values)
                    + " ON CONFLICT (\"Week\", \"StoreId\", \"Kind\", \"Value\") DO UPDATE SET \"Cases\" = \"Cases\" + excluded.\"Cases\", \"Amount\" = \"Amount\" + excluded.\"Amount\"",
                    parameters.ToArray());
            }

            foreach (var chunk in moved.Where(d => d.Value.Cases < 0).Chunk(RowsPerStatement))
            {
                var parameters = new List<object>();
                var keys = new List<string>();
                foreach (var ((week, kind, value, store), _) in chunk)
                {
                    keys.Add(Placeholders(parameters.Count, 4));
                    parameters.AddRange([week, (int)kind, value, store]);
                }

                yield return (
                    "DELETE FROM \"DashboardFacts\" WHERE \"Cases\" = 0 AND (\"Week\", \"Kind\", \"Value\", \"StoreId\") IN (VALUES " + string.Join(", ", keys) + ")",
                    parameters.ToArray());
            }
        }

        private static string Placeholders(int first, int count) =>
            "(" + string.Join(", ", Enumerable.Range(first, count).Select(i => "{" + i.ToString(CultureInfo.InvariantCulture) + "}")) + ")";
    }
}
