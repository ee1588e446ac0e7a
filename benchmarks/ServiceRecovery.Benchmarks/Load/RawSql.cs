using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>One SQL command exactly as EF Core sent it: text and parameters (already in SQLite's storage formats).</summary>
internal sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, SqliteType Type, object? Value)> Parameters);

/// <summary>Records the commands EF Core executes while <see cref="Recording"/> is set (one page's queries, in order).</summary>
internal sealed class CommandRecorder : DbCommandInterceptor
{
    public List<CapturedCommand>? Recording { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        // The connection-opening pragmas are not the page's SQL; the replay runs them once per connection as the app does.
        if (Recording is { } recording && !command.CommandText.StartsWith("PRAGMA", StringComparison.OrdinalIgnoreCase))
        {
            recording.Add(new CapturedCommand(
                command.CommandText,
                [.. command.Parameters.Cast<SqliteParameter>().Select(p => (p.ParameterName, p.SqliteType, p.Value))]));
        }
    }
}

/// <summary>
/// The raw ceiling: the same work without ASP.NET Core, EF Core or MediatR — straight through Microsoft.Data.Sqlite on a
/// pooled connection opened with the app's pragmas.
/// </summary>
internal static class RawSql
{
    /// <summary>
    /// The app's own pragmas, its synchronous level included (FULL, decision 0020): the ceiling of the same durable
    /// write. (Until decision 0038 this said NORMAL, so the "raw ceiling" of logging a failure skipped the fsync the app pays.)
    /// </summary>
    private static string Pragmas(string synchronous) => $"PRAGMA busy_timeout = 5000; PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON;";

    /// <summary>Runs a page's captured commands in order on one connection, reading every value of every row.</summary>
    public static async Task<string?> ReplayAsync(string connectionString, IReadOnlyList<CapturedCommand> commands)
    {
        await using var connection = await OpenAsync(connectionString);
        foreach (var captured in commands)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = captured.Sql;
            foreach (var (name, type, value) in captured.Parameters)
            {
                command.Parameters.Add(new SqliteParameter(name, type) { Value = value ?? DBNull.Value });
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    _ = reader.GetValue(i);
                }
            }
        }

        return null;
    }

    /// <summary>
    /// What logging a failure writes — the case row and its first timeline event — in one transaction (BEGIN IMMEDIATE),
    /// one writer at a time (<paramref name="gate"/>): SQLite has one writer anyway, and waiting on a semaphore is cheaper
    /// than SQLite's sleeping busy handler.
    /// </summary>
    public static async Task<string?> InsertCaseAsync(string connectionString, SemaphoreSlim gate, int storeId, string synchronous = SqliteSetup.SynchronousLevel)
    {
        await using var connection = await OpenAsync(connectionString, synchronous);
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
        await gate.WaitAsync();
        try
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insertCase = connection.CreateCommand();
            insertCase.CommandText = """
                INSERT INTO "Cases" ("StoreId", "LogKey", "OccurredAt", "LoggedAt", "LoggedBy", "LoggedByUserId", "Channel", "FailureType", "Severity",
                    "Description", "IsOpen", "AwaitsApproval", "Version")
                VALUES ($store, $key, $now, $now, 'Raw Cashier', 'raw', 'Counter', 'WrongOrder', 'Minor', 'Raw insert: the ceiling', 1, 0, 1)
                RETURNING "Id";
                """;
            insertCase.Parameters.AddWithValue("$store", storeId);
            insertCase.Parameters.AddWithValue("$key", Guid.NewGuid().ToString().ToUpperInvariant());
            insertCase.Parameters.AddWithValue("$now", now);
            var id = (long)(await insertCase.ExecuteScalarAsync())!;

            await using var insertEvent = connection.CreateCommand();
            insertEvent.CommandText = """
                INSERT INTO "CaseEvents" ("RecoveryCaseId", "Type", "By", "At", "Summary") VALUES ($id, 'Logged', 'Raw Cashier', $now, 'Logged: wrong order');
                """;
            insertEvent.Parameters.AddWithValue("$id", id);
            insertEvent.Parameters.AddWithValue("$now", now);
            await insertEvent.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    public static async Task<string> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static async Task<SqliteConnection> OpenAsync(string connectionString, string synchronous = SqliteSetup.SynchronousLevel)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = Pragmas(synchronous);
        await pragmas.ExecuteNonQueryAsync();
        return connection;
    }
}
