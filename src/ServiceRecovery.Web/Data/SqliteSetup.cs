using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// Everything SQLite-specific lives here, so a second provider (PostgreSQL) is one more branch, not a hunt.
/// </summary>
public static class SqliteSetup
{
    public const string DefaultConnectionString = "Data Source=App_Data/servicerecovery.db";

    /// <summary>Makes a relative SQLite file path relative to the content root and creates its folder.</summary>
    public static string ResolveConnectionString(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? DefaultConnectionString : configured);
        var dataSource = builder.DataSource;
        var inMemory = dataSource.Length == 0 || dataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory;
        if (!inMemory)
        {
            if (!Path.IsPathRooted(dataSource))
            {
                builder.DataSource = Path.GetFullPath(Path.Combine(contentRoot, dataSource));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        // Microsoft.Data.Sqlite retries a locked database until the command timeout; see also the busy_timeout pragma below.
        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>The folder holding the database file (or App_Data for an in-memory database): keys and the setup code live there too.</summary>
    public static string DataDirectory(string connectionString, string contentRoot)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return Path.IsPathRooted(dataSource) ? Path.GetDirectoryName(dataSource)! : Path.Combine(contentRoot, "App_Data");
    }

    public static DbContextOptionsBuilder UseServiceRecoverySqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
            .AddInterceptors(new PragmaInterceptor());
    }

    /// <summary>
    /// Makes the context's next statements one consistent read (decision 0048): a deferred transaction (<c>BEGIN</c>, not
    /// the <c>BEGIN IMMEDIATE</c> that Microsoft.Data.Sqlite's and EF's default BeginTransaction issue), which in WAL mode
    /// takes no write lock: its snapshot is fixed by the first read, and writers carry on meanwhile. The connection must be
    /// open already. Disposing the snapshot ends it. (PostgreSQL: a REPEATABLE READ, READ ONLY transaction.)
    /// </summary>
    public static async Task<ReadSnapshot> BeginReadSnapshotAsync(this AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return new ReadSnapshot(db, transaction);
    }

    /// <summary>A read transaction handed to EF; ending it detaches it and commits (nothing was written, so nothing is kept).</summary>
    public sealed class ReadSnapshot(AppDbContext db, SqliteTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await db.Database.UseTransactionAsync(null);
            await transaction.CommitAsync();
            await transaction.DisposeAsync();
        }
    }

    /// <summary>WAL lets readers and a writer work at once; the setting is stored in the database file.</summary>
    public static async Task UseWriteAheadLogAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }

    /// <summary>
    /// Gathers the planner's statistics for indexes that have none, in a file that has statistics (the bulk loader runs
    /// ANALYZE): an index a later migration added would otherwise look far more selective than the measured ones, and
    /// SQLite picked it over the right one (decision 0052). A file that was never analysed is left alone: every index is
    /// then judged by the same defaults. Returns the indexes analysed (an empty index gets no statistics, so it is analysed
    /// again at every start, at no cost).
    /// </summary>
    public static async Task<IReadOnlyList<string>> AnalyzeNewIndexesAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        // The statistics table exists only once ANALYZE has run (a statement naming it fails to prepare before that).
        var analysed = await db.Database.SqlQueryRaw<int>("""SELECT COUNT(*) AS "Value" FROM "sqlite_master" WHERE "type" = 'table' AND "name" = 'sqlite_stat1'""")
            .SingleAsync(cancellationToken);
        if (analysed == 0)
        {
            return [];
        }

        var missing = await db.Database.SqlQueryRaw<string>("""
            SELECT i."name" AS "Value" FROM "sqlite_master" AS i
            WHERE i."type" = 'index' AND i."sql" IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM "sqlite_stat1" AS s WHERE s."idx" = i."name")
            """).ToListAsync(cancellationToken);
        foreach (var index in missing)
        {
            // The name comes from the schema itself, quoted as an identifier.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"" + index.Replace("\"", "\"\"", StringComparison.Ordinal) + "\";", cancellationToken);
#pragma warning restore EF1003
        }

        return missing;
    }

    /// <summary>
    /// FULL: in WAL mode every commit syncs the log before the app answers, so an acknowledged case survives a power
    /// loss, not only a process crash (NORMAL would lose the last commits). Decision 0020, docs/reliability.md.
    /// </summary>
    public const string SynchronousLevel = "full";

    /// <summary>The journal mode and synchronous level in effect on one of the context's own connections.</summary>
    public static async Task<(string JournalMode, string Synchronous)> DurabilitySettingsAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            var journalMode = Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
            command.CommandText = "PRAGMA synchronous;";
            var level = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            string[] names = ["off", "normal", "full", "extra"];
            return (journalMode.ToLowerInvariant(), level >= 0 && level < names.Length ? names[level] : level.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Sets the pragmas on each physical connection once. EF Core opens and closes the connection around every query and
    /// SaveChanges, and Microsoft.Data.Sqlite hands back a pooled physical connection each time, whose pragmas (per
    /// connection, kept for its life) are already set: running them on every open cost three statements per query
    /// (decision 0039). The native handle identifies the physical connection; it is collected with it.
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA busy_timeout = 5000; PRAGMA synchronous = " + SynchronousLevel + "; PRAGMA foreign_keys = ON;";

        private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            if (NeedsPragmas(connection))
            {
                using var command = connection.CreateCommand();
                command.CommandText = Pragmas;
                command.ExecuteNonQuery();
                Remember(connection);
            }
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            if (NeedsPragmas(connection))
            {
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = Pragmas;
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                Remember(connection);
            }
        }

        private static bool NeedsPragmas(DbConnection connection) =>
            connection is not SqliteConnection { Handle: { } handle } || !Configured.TryGetValue(handle, out _);

        private static void Remember(DbConnection connection)
        {
            if (connection is SqliteConnection { Handle: { } handle })
            {
                Configured.AddOrUpdate(handle, Marker);
            }
        }

        private static readonly object Marker = new();
    }
}
