using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Reliability;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability;

/// <summary>The backup command on a running, writing app, and the written restore procedure (docs/reliability.md).</summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("servicerecovery-backup-test-").FullName;

    [Fact]
    public async Task A_backup_taken_while_cashiers_write_is_consistent_and_a_restore_brings_back_exactly_its_cases()
    {
        var backup = Path.Combine(_folder, "nightly.db");
        int backedUp;
        await using (var running = new AppFactory())
        {
            using var cashier = await running.SignedInClientAsync(Roles.Cashier);
            for (var i = 0; i < 5; i++)
            {
                await cashier.LogCaseAsync($"Before the backup {i}");
            }

            // Keep writing while the backup runs, as a lunch rush would.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    await cashier.LogCaseAsync($"During the backup {n++}");
                }
            });
            var output = await RunBackupCommandAsync(running.ConnectionString, backup);
            await stop.CancelAsync();
            await writer;
            await cashier.LogCaseAsync("After the backup");

            Assert.Contains("integrity_check: ok", output, StringComparison.Ordinal);
            Assert.Equal("ok", await DatabaseBackup.IntegrityCheckAsync(backup));
            backedUp = await CountAsync(backup, "SELECT count(*) FROM Cases;");
            Assert.InRange(backedUp, 5, await running.WithDbAsync(db => db.Cases.CountAsync()) - 1);

            // Consistent: every case in the copy has its whole timeline (version = events), none half-written.
            Assert.Equal(0, await CountAsync(backup, "SELECT count(*) FROM Cases c WHERE c.Version <> (SELECT count(*) FROM CaseEvents e WHERE e.RecoveryCaseId = c.Id);"));
        }

        // Restore, as docs/reliability.md says: app stopped, copy the backup over the database file, remove -wal/-shm, start.
        await using var restored = new AppFactory();
        Directory.CreateDirectory(restored.DataDirectory);
        var target = Path.Combine(restored.DataDirectory, "servicerecovery.db");
        File.Copy(backup, target);
        Assert.False(File.Exists(target + "-wal"));

        Assert.Equal(backedUp, await restored.WithDbAsync(db => db.Cases.CountAsync()));
        Assert.False(await restored.WithDbAsync(db => db.Cases.AnyAsync(c => c.Description == "After the backup")));
        using var owner = await restored.SignedInClientAsync(Roles.Owner);
        var (id, _) = await owner.LogCaseAsync("Logged on the restored database");
        Assert.True(id > backedUp);
    }

    [Fact]
    public async Task A_failed_backup_leaves_an_earlier_backup_at_that_path_untouched()
    {
        var backup = Path.Combine(_folder, "earlier.db");
        await File.WriteAllTextAsync(backup, "the earlier backup");

        await Assert.ThrowsAsync<FileNotFoundException>(() =>
            DatabaseBackup.BackupAsync($"Data Source={Path.Combine(_folder, "missing.db")}", backup));

        Assert.Equal("the earlier backup", await File.ReadAllTextAsync(backup));
        Assert.False(File.Exists(Path.Combine(_folder, "missing.db")));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The documented command: the web app's own executable with <c>--backup &lt;path&gt;</c>, as a separate process.</summary>
    private static async Task<string> RunBackupCommandAsync(string connectionString, string path)
    {
        var web = WebProject.Locate();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = web.ContentRoot };
        foreach (var argument in new[] { web.Assembly, "--contentRoot", web.ContentRoot, $"--ConnectionStrings:ServiceRecovery={connectionString}", "--backup", path })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return await output;
    }

    private static async Task<int> CountAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
