using Microsoft.Data.Sqlite;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// A consistent online copy of the SQLite database (SQLite's backup API), safe while the app is writing:
/// the copy is one read transaction's snapshot, so it holds every committed case and no half of one.
/// Run as <c>--backup &lt;path&gt;</c>; restoring is a file copy with the app stopped (docs/reliability.md).
/// </summary>
public static class DatabaseBackup
{
    public const string ArgumentName = "backup";

    /// <summary>Copies the live database to <paramref name="destination"/> (replacing it) and checks the copy; returns the copy's integrity_check answer.</summary>
    public static async Task<string> BackupAsync(string connectionString, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var target = Path.GetFullPath(destination);
        var source = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        if (!File.Exists(source.DataSource))
        {
            throw new FileNotFoundException("There is no database to back up.", source.DataSource);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        await using (var from = new SqliteConnection(source.ToString()))
        await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
        {
            await from.OpenAsync(cancellationToken);
            using (var busy = from.CreateCommand())
            {
                busy.CommandText = "PRAGMA busy_timeout = 5000;";
                await busy.ExecuteNonQueryAsync(cancellationToken);
            }

            await to.OpenAsync(cancellationToken);
            from.BackupDatabase(to);

            // A backup is one self-contained file: no -wal beside it to lose when it is copied.
            using var journal = to.CreateCommand();
            journal.CommandText = "PRAGMA journal_mode = DELETE;";
            await journal.ExecuteNonQueryAsync(cancellationToken);
        }

        var integrity = await IntegrityCheckAsync(partial, cancellationToken);
        if (integrity != "ok")
        {
            File.Delete(partial);
            throw new InvalidOperationException($"The backup copy failed its integrity check: {integrity}");
        }

        // Only a checked copy replaces an earlier backup at the same path.
        File.Move(partial, target, overwrite: true);
        return integrity;
    }

    /// <summary>SQLite's <c>PRAGMA integrity_check</c> of a database file: "ok", or the problems it found.</summary>
    public static async Task<string> IntegrityCheckAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            lines.Add(reader.GetString(0));
        }

        return string.Join("; ", lines);
    }
}
