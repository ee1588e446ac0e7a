using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data.Demo;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Data;

/// <summary>The app started with the demo switch (configuration key SeedDemo=true, as --seed-demo sets it).</summary>
public sealed class DemoAppFactory : AppFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("SeedDemo", "true");
    }
}

/// <summary>The same switch outside Development, with or without the explicit permission.</summary>
public sealed class ProductionDemoAppFactory(bool allowDemoPasswords) : AppFactory
{
    protected override string EnvironmentName => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("https_port", "443");
        builder.UseSetting("SeedDemo", "true");
        builder.UseSetting("AllowDemoPasswords", allowDemoPasswords ? "true" : "false");
    }
}

public sealed class DemoSeedTests(DemoAppFactory factory) : IClassFixture<DemoAppFactory>
{
    public static TheoryData<string> AccountEmails => new(DemoChain.Accounts.Select(a => a.Email));

    [Fact]
    public async Task Seeding_creates_the_demo_stores_in_two_time_zones_and_currencies()
    {
        var stores = await factory.WithDbAsync(db => db.Stores.AsNoTracking().ToListAsync());

        var demo = stores.Where(s => DemoChain.Stores.Any(p => p.Name == s.Name)).ToList();
        Assert.Equal(4, demo.Count);
        Assert.Equal(["Europe/London", "Europe/Prague"], demo.Select(s => s.TimeZoneId).Distinct().Order());
        Assert.Equal(["EUR", "GBP"], demo.Select(s => s.Currency).Distinct().Order());
    }

    [Fact]
    public async Task There_is_staff_in_every_role_and_every_demo_store_has_a_manager_and_cashiers()
    {
        var (roles, members) = await factory.WithDbAsync(async db =>
        {
            var roleOf = await (from ur in db.UserRoles
                                join r in db.Roles on ur.RoleId equals r.Id
                                join u in db.Users on ur.UserId equals u.Id
                                where u.Email!.EndsWith("@demo.example")
                                select new { u.Id, Role = r.Name! }).ToListAsync();
            var memberships = await (from m in db.StoreMembers
                                     join s in db.Stores on m.StoreId equals s.Id
                                     select new { m.UserId, s.Name }).ToListAsync();
            return (roleOf.ToDictionary(x => x.Id, x => x.Role), memberships);
        });

        Assert.Equal(Roles.All.Order(), roles.Values.Distinct().Order());
        foreach (var store in DemoChain.Stores)
        {
            var roleHere = members.Where(m => m.Name == store.Name && roles.ContainsKey(m.UserId)).Select(m => roles[m.UserId]).ToList();
            Assert.Contains(Roles.Manager, roleHere);
            Assert.True(roleHere.Count(r => r == Roles.Cashier) >= 2, $"{store.Name} has fewer than two cashiers.");
        }
    }

    [Theory]
    [MemberData(nameof(AccountEmails))]
    public async Task Every_demo_account_signs_in_through_the_login_form_with_its_documented_password(string email)
    {
        var account = DemoChain.Accounts.Single(a => a.Email == email);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        await client.SignInAsync(account.Email, account.Password);
        var today = await client.GetAsync(new Uri("/Today", UriKind.Relative));

        // Straight in: no "choose a new password" detour.
        Assert.Equal(HttpStatusCode.OK, today.StatusCode);
    }

    [Fact]
    public async Task The_owner_can_open_the_queue_and_a_demo_case()
    {
        var owner = DemoChain.Accounts.Single(a => a.Role == Roles.Owner);
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await client.SignInAsync(owner.Email, owner.Password);
        var caseId = await factory.WithDbAsync(db => db.Cases.Where(c => c.IsOpen).OrderBy(c => c.Id).Select(c => c.Id).FirstAsync());

        var queue = await client.GetAsync(new Uri("/Queue", UriKind.Relative));
        var casePage = await client.GetAsync(new Uri($"/Cases/{caseId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains(DemoChain.Manchester, await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, casePage.StatusCode);
    }

    [Fact]
    public async Task The_cases_spread_over_twelve_weeks_and_follow_the_playbook()
    {
        var now = factory.Clock.GetUtcNow().UtcDateTime;
        var cases = await LoadDemoCasesAsync(factory);

        Assert.InRange(cases.Count, 1000, 3000);
        Assert.All(cases, c => Assert.InRange(c.LoggedAt, now.AddDays(-7 * DemoSeed.Weeks), now));
        Assert.True(cases.Min(c => c.LoggedAt) < now.AddDays(-7 * DemoSeed.Weeks + 2), "No cases in the first week.");
        Assert.True(cases.Max(c => c.LoggedAt) > now.AddDays(-2), "No cases in the last days.");
        var weeks = cases.Select(c => (int)((now - c.LoggedAt).TotalDays / 7)).Distinct().Count();
        Assert.Equal(DemoSeed.Weeks, weeks);

        var apologised = cases.Where(c => c.Apology is not null).ToList();
        var withinFiveMinutes = apologised.Count(c => c.Apology!.At - c.LoggedAt <= TimeSpan.FromMinutes(5));
        Assert.True(withinFiveMinutes > 0.75 * apologised.Count, $"Only {withinFiveMinutes} of {apologised.Count} apologies within five minutes.");
        Assert.Contains(cases, c => c.Apology is not null && c.Apology.At - c.LoggedAt > TimeSpan.FromMinutes(5));

        Assert.Contains(cases, c => c.Status == CaseStatus.ResolvedLost);
        Assert.Contains(cases, c => c.Status == CaseStatus.ResolvedWonBack);
        Assert.True(cases.Count(c => c.Status == CaseStatus.ResolvedWonBack) > cases.Count(c => c.Status == CaseStatus.ResolvedLost), "More lost than won back.");
        Assert.Contains(cases, c => c.IsOpen);
        Assert.Contains(cases, c => c.AwaitsApproval);
        Assert.Contains(cases, c => c.Resolutions.Any(r => r.IsReopened));
        Assert.Contains(cases, c => c.Compensations.Any(m => m.Approval == CompensationApproval.Declined));
        Assert.Contains(cases, c => c.Customer is not null);
        Assert.All(cases.SelectMany(c => c.Compensations), m => Assert.InRange(m.ValueMinor, 50, 10_000));
        Assert.All(cases.Where(c => c.IsResolved), c => Assert.All(c.Timeline, e => Assert.True(e.At <= now)));
        Assert.Equal(Enum.GetValues<RootCause>().Order(), cases.SelectMany(c => c.Resolutions).Select(r => r.RootCause).Distinct().Order());
        Assert.Equal(Enum.GetValues<ServiceDimension>().Order(), cases.SelectMany(c => c.Resolutions).Select(r => r.Dimension).Distinct().Order());
    }

    [Fact]
    public async Task Some_stores_recover_better_than_others()
    {
        var cases = await LoadDemoCasesAsync(factory);
        var stores = await factory.WithDbAsync(db => db.Stores.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name));

        double WonBackRate(string store)
        {
            var resolved = cases.Where(c => stores[c.StoreId] == store && c.IsResolved).ToList();
            return resolved.Count(c => c.CurrentResolution!.Outcome == ResolutionOutcome.WonBack) / (double)resolved.Count;
        }

        Assert.True(WonBackRate(DemoChain.Prague) > WonBackRate(DemoChain.Manchester) + 0.1,
            $"Prague {WonBackRate(DemoChain.Prague):P0}, Manchester {WonBackRate(DemoChain.Manchester):P0}");
    }

    [Fact]
    public async Task The_stored_queue_columns_agree_with_the_domain()
    {
        var cases = await LoadDemoCasesAsync(factory);

        StoredFacts.AssertAgree(cases);
    }

    [Fact]
    public async Task Seeding_again_duplicates_nothing()
    {
        var before = await CountsAsync(factory);

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeed>().SeedAsync(new DemoSeedOptions { SeedDemo = true });
        }

        Assert.Equal(before, await CountsAsync(factory));
        Assert.True(before.Cases > 0);
    }

    [Fact]
    public void The_command_line_switches_become_the_configuration_keys()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(DemoSeedOptions.TranslateArgs(["--seed-demo", "--allow-demo-passwords", "--urls", "http://localhost:5000"]))
            .Build();

        var options = configuration.Get<DemoSeedOptions>()!;

        Assert.True(options.SeedDemo);
        Assert.True(options.AllowDemoPasswords);
        Assert.Equal("http://localhost:5000", configuration["urls"]);
        Assert.False(new ConfigurationBuilder().AddCommandLine(DemoSeedOptions.TranslateArgs(["--seed-demo"])).Build().Get<DemoSeedOptions>()!.AllowDemoPasswords);
    }

    internal static Task<List<RecoveryCase>> LoadDemoCasesAsync(AppFactory app) => app.WithDbAsync(db => db.Cases.AsNoTracking()
        .Include(c => c.Compensations).Include(c => c.FollowUps).Include(c => c.Resolutions).Include(c => c.Timeline)
        .AsSplitQuery()
        .ToListAsync());

    private static Task<(int Stores, int Users, int Members, int Cases, int Events)> CountsAsync(AppFactory app) => app.WithDbAsync(async db => (
        await db.Stores.CountAsync(), await db.Users.CountAsync(), await db.StoreMembers.CountAsync(), await db.Cases.CountAsync(), await db.CaseEvents.CountAsync()));
}

/// <summary>Outside Development the demo accounts' public passwords are refused unless explicitly allowed.</summary>
public sealed class DemoSeedEnvironmentTests
{
    [Fact]
    public void Outside_development_seeding_is_refused_without_the_explicit_flag()
    {
        using var app = new ProductionDemoAppFactory(allowDemoPasswords: false);

        var thrown = Record.Exception(() => app.Server);

        Assert.NotNull(thrown);
        Assert.Contains(Flatten(thrown), e => e is InvalidOperationException && e.Message.Contains("--allow-demo-passwords", StringComparison.Ordinal));
        using var connection = new SqliteConnection(app.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM Stores WHERE Name LIKE 'Demo %') + (SELECT COUNT(*) FROM AspNetUsers) + (SELECT COUNT(*) FROM Cases)";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Outside_development_the_explicit_flag_seeds_the_demo_chain()
    {
        using var app = new ProductionDemoAppFactory(allowDemoPasswords: true);

        _ = app.Server;

        Assert.Equal(DemoChain.Stores.Count, await app.WithDbAsync(db => db.Stores.CountAsync(s => s.Name.StartsWith("Demo "))));
        Assert.Equal(DemoChain.Accounts.Count, await app.WithDbAsync(db => db.Users.CountAsync()));
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var e in inner.SelectMany(Flatten))
        {
            yield return e;
        }
    }
}

/// <summary>The queue's stored copies of derived facts (decision 0014) against what the loaded case itself says.</summary>
internal static class StoredFacts
{
    public static void AssertAgree(IReadOnlyList<RecoveryCase> cases)
    {
        Assert.NotEmpty(cases);
        Assert.All(cases, c =>
        {
            Assert.Equal(!c.IsResolved, c.IsOpen);
            Assert.Equal(c.Status is not (CaseStatus.ResolvedWonBack or CaseStatus.ResolvedLost), c.IsOpen);
            Assert.Equal(c.Apology?.At, c.ApologisedAt);
            Assert.Equal(c.CurrentFollowUp?.At, c.FollowedUpAt);
            Assert.Equal(c.HasPendingCompensation, c.AwaitsApproval);
            Assert.Equal(c.Status == CaseStatus.AwaitingApology, c.ApologisedAt is null && c.IsOpen);
            Assert.Equal(c.Timeline.Count, c.Version);
            Assert.Equal(DateTimeKind.Utc, c.LoggedAt.Kind);
        });
    }
}
