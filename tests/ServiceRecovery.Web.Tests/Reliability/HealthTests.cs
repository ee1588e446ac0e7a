using System.Net;
using System.Text.Json;
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
