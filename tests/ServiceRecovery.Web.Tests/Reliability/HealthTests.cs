using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability;

public sealed class HealthTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task Healthz_reports_the_database_and_the_durability_settings_without_signing_in()
    {
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Healthy", checks["database"].GetProperty("status").GetString());
        Assert.Equal("wal", checks["sqlite-durability"].GetProperty("data").GetProperty("journal_mode").GetString());
        Assert.Equal("full", checks["sqlite-durability"].GetProperty("data").GetProperty("synchronous").GetString());
    }

    [Fact]
    public async Task The_apps_own_connections_run_in_WAL_with_synchronous_FULL()
    {
        var (journalMode, synchronous) = await factory.WithDbAsync(db => SqliteSetup.DurabilitySettingsAsync(db, CancellationToken.None));

        Assert.Equal("wal", journalMode);
        Assert.Equal("full", synchronous);
        Assert.Equal("full", SqliteSetup.SynchronousLevel);
    }

    [Fact]
    public async Task A_pooled_connection_opened_again_keeps_synchronous_FULL_busy_timeout_and_foreign_keys()
    {
        // The pragmas run once per physical connection (decision 0039); every later open of the same pooled connection
        // must still have them.
        var seen = new List<(object Handle, string Settings)>();
        for (var i = 0; i < 4; i++)
        {
            seen.Add(await factory.WithDbAsync(async db =>
            {
                await db.Database.OpenConnectionAsync();
                try
                {
                    var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
                    await using var command = connection.CreateCommand();
                    command.CommandText = "SELECT (SELECT synchronous FROM pragma_synchronous) || ',' || (SELECT timeout FROM pragma_busy_timeout) || ',' || (SELECT foreign_keys FROM pragma_foreign_keys);";
                    return ((object)connection.Handle!, (string)(await command.ExecuteScalarAsync())!);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
            }));
        }

        Assert.All(seen, s => Assert.Equal("2,5000,1", s.Settings));
        Assert.True(seen.Select(s => s.Handle).Distinct().Count() < seen.Count, "the pool should have handed back a connection it had opened before");
    }

    [Fact]
    public async Task Healthz_is_unhealthy_with_503_when_the_database_file_cannot_be_opened()
    {
        await using var broken = new BrokenDatabaseFactory();
        using var client = broken.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("\"status\":\"Unhealthy\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Starts normally, then the database file is replaced by a file that is not a database.</summary>
    private sealed class BrokenDatabaseFactory : AppFactory
    {
        public BrokenDatabaseFactory()
        {
            _ = Services;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(DataDirectory, "servicerecovery.db*"))
            {
                File.Delete(file);
            }

            File.WriteAllText(Path.Combine(DataDirectory, "servicerecovery.db"), new string('x', 8192));
        }
    }
}
