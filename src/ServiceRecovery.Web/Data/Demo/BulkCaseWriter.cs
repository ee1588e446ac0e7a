using System.Globalization;
using Microsoft.Data.Sqlite;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>
/// Writes generated cases straight into SQLite for benchmarks: one prepared statement per table, large transactions,
/// no change tracking. It writes every row EF would (the case with its owned apology and contact, compensations,
/// follow-ups, resolutions and the timeline) in EF's formats (enums as names, UTC times as text, Guids upper-case).
/// </summary>
public static class BulkCaseWriter
{
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    /// <summary>
    /// Writes <paramref name="cases"/> with ids from one past the highest existing id; returns how many were written.
    /// <paramref name="exclusive"/>: nothing else has the database open (a fresh benchmark file), so it loads without a journal.
    /// <paramref name="weeks"/> gives each case its store-local week (the column the dashboard's rollup writes, decision 0049).
    /// </summary>
    public static int Write(
        string connectionString, IEnumerable<RecoveryCase> cases, DashboardRollup.WeekCalendar weeks, bool exclusive = false, int casesPerTransaction = 100_000, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(weeks);
        using var connection = new SqliteConnection(connectionString);
        connection.Open();

        // Without a journal a failed load leaves a file to delete, not a database to repair; WAL would write every page
        // twice. Only for a database no one else has open: leaving WAL needs exclusive access.
        Execute(connection, (exclusive ? "PRAGMA journal_mode = OFF; " : string.Empty) + "PRAGMA synchronous = OFF; PRAGMA cache_size = -200000; PRAGMA temp_store = MEMORY;");
        // Indexes are dropped and rebuilt afterwards: building one from all rows at once beats a million random
        // B-tree inserts (the log key is a random Guid).
        var indexes = Indexes(connection);
        foreach (var (name, _) in indexes)
        {
            Execute(connection, $"DROP INDEX \"{name}\"");
        }

        var nextId = Convert.ToInt32(Scalar(connection, "SELECT COALESCE(MAX(\"Id\"), 0) FROM \"Cases\""), CultureInfo.InvariantCulture) + 1;

        using var insertCase = new Insert(connection, "Cases",
            "Id", "StoreId", "LogKey", "OccurredAt", "LoggedAt", "LoggedBy", "LoggedByUserId", "Channel", "FailureType", "Severity", "Description",
            "OrderReference", "CustomerName", "CustomerPhone", "CustomerEmail", "CustomerConsentGivenAt",
            "ApologyBy", "ApologyAt", "ApologyMethod", "ApologyNote", "IsOpen", "ApologisedAt", "FollowedUpAt", "AwaitsApproval", "Version",
            "ResolvedOutcome", "ResolvedRootCause", "ResolvedDimension", "TimeToApology", "TimeToFollowUp", "UrgentAfter", "OverdueAfter", "Priority", DashboardRollup.WeekColumn);
        using var insertEvent = new Insert(connection, "CaseEvents", "RecoveryCaseId", "Type", "By", "At", "Summary");
        using var insertCompensation = new Insert(connection, "Compensations",
            "RecoveryCaseId", "Kind", "Description", "ValueMinor", "By", "At", "Approval", "DecidedBy", "DecidedAt", "DeclineReason");
        using var insertFollowUp = new Insert(connection, "FollowUps", "RecoveryCaseId", "Channel", "Outcome", "Note", "By", "At");
        using var insertResolution = new Insert(connection, "Resolutions",
            "RecoveryCaseId", "RootCause", "Dimension", "WhatWeWillChange", "Outcome", "By", "At", "ReopenedAt", "ReopenedBy", "ReopenReason");
        Insert[] all = [insertCase, insertEvent, insertCompensation, insertFollowUp, insertResolution];

        var written = 0;
        var transaction = Begin(connection, all);
        try
        {
            foreach (var c in cases)
            {
                var id = nextId++;
                insertCase.Run(
                    id, c.StoreId, c.LogKey.ToString().ToUpperInvariant(), Time(c.OccurredAt), Time(c.LoggedAt), c.LoggedBy, c.LoggedByUserId,
                    Name(c.Channel), Name(c.FailureType), Name(c.Severity), c.Description,
                    c.OrderReference, c.Customer?.Name, c.Customer?.Phone, c.Customer?.Email, Time(c.Customer?.ConsentGivenAt),
                    c.Apology?.By, Time(c.Apology?.At), c.Apology is null ? null : Name(c.Apology.Method), c.Apology?.Note,
                    c.IsOpen ? 1 : 0, Time(c.ApologisedAt), Time(c.FollowedUpAt), c.AwaitsApproval ? 1 : 0, c.Version,
                    c.ResolvedOutcome is { } outcome ? Name(outcome) : null, c.ResolvedRootCause is { } cause ? Name(cause) : null,
                    c.ResolvedDimension is { } dimension ? Name(dimension) : null, c.TimeToApology?.Ticks, c.TimeToFollowUp?.Ticks,
                    c.UrgentAfter?.Ticks, c.OverdueAfter?.Ticks, c.Priority, weeks.Of(c.StoreId, c.LoggedAt));

                foreach (var e in c.Timeline)
                {
                    insertEvent.Run(id, Name(e.Type), e.By, Time(e.At), e.Summary);
                }

                foreach (var m in c.Compensations)
                {
                    insertCompensation.Run(id, Name(m.Kind), m.Description, m.ValueMinor, m.By, Time(m.At), Name(m.Approval), m.DecidedBy, Time(m.DecidedAt), m.DeclineReason);
                }

                foreach (var f in c.FollowUps)
                {
                    insertFollowUp.Run(id, Name(f.Channel), Name(f.Outcome), f.Note, f.By, Time(f.At));
                }

                foreach (var r in c.Resolutions)
                {
                    insertResolution.Run(id, Name(r.RootCause), Name(r.Dimension), r.WhatWeWillChange, Name(r.Outcome), r.By, Time(r.At), Time(r.ReopenedAt), r.ReopenedBy, r.ReopenReason);
                }

                if (++written % casesPerTransaction == 0)
                {
                    transaction.Commit();
                    transaction.Dispose();
                    transaction = Begin(connection, all);
                    progress?.Invoke(written);
                }
            }

            transaction.Commit();
        }
        finally
        {
            transaction.Dispose();
        }

        foreach (var (_, sql) in indexes)
        {
            Execute(connection, sql);
        }

        Execute(connection, (exclusive ? "PRAGMA journal_mode = WAL; " : string.Empty) + "PRAGMA synchronous = NORMAL; ANALYZE;");
        return written;
    }

    private static SqliteTransaction Begin(SqliteConnection connection, Insert[] inserts)
    {
        var transaction = connection.BeginTransaction();
        foreach (var insert in inserts)
        {
            insert.Command.Transaction = transaction;
        }

        return transaction;
    }

    private static string Name<T>(T value)
        where T : struct, Enum => EnumNames<T>.Of(value);

    private static string? Time(DateTime? utc) => utc?.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // Constant statements and the schema's own index definitions, never input.
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }

    private static List<(string Name, string Sql)> Indexes(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT "name", "sql" FROM "sqlite_master"
            WHERE "type" = 'index' AND "sql" IS NOT NULL
              AND "tbl_name" IN ('Cases', 'CaseEvents', 'Compensations', 'FollowUps', 'Resolutions')
            """;
        using var reader = command.ExecuteReader();
        var indexes = new List<(string, string)>();
        while (reader.Read())
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }

        return indexes;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static class EnumNames<T>
        where T : struct, Enum
    {
        private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().ToDictionary(v => v, v => v.ToString());

        public static string Of(T value) => Names[value];
    }

    /// <summary>One prepared INSERT with a parameter per column.</summary>
    private sealed class Insert : IDisposable
    {
        private readonly SqliteParameter[] _parameters;

        public Insert(SqliteConnection connection, string table, params string[] columns)
        {
            Command = connection.CreateCommand();
#pragma warning disable CA2100 // Table and column names are constants of this class, never input.
            Command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
#pragma warning restore CA2100
            _parameters = columns.Select((_, i) => Command.Parameters.Add(new SqliteParameter($"$p{i}", null))).ToArray();
        }

        public SqliteCommand Command { get; }

        public void Run(params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                _parameters[i].Value = values[i] ?? DBNull.Value;
            }

            if (!_prepared)
            {
                Command.Prepare();
                _prepared = true;
            }

            Command.ExecuteNonQuery();
        }

        private bool _prepared;

        public void Dispose() => Command.Dispose();
    }
}
