using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>The switches: <c>--seed-demo</c> (or <c>SeedDemo=true</c>) and, outside Development, <c>--allow-demo-passwords</c>.</summary>
public sealed class DemoSeedOptions
{
    public bool SeedDemo { get; set; }

    public bool AllowDemoPasswords { get; set; }

    /// <summary>Turns the bare command-line switches into configuration keys (a bare <c>--key</c> would swallow the next argument).</summary>
    public static string[] TranslateArgs(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Select(a => a switch
        {
            "--seed-demo" => "--SeedDemo=true",
            "--allow-demo-passwords" => "--AllowDemoPasswords=true",
            _ => a,
        }).ToArray();
    }
}

/// <summary>
/// Seeds the demo chain (<see cref="DemoChain"/>): its stores, demo accounts in every role and about twelve weeks of cases
/// ending now, built by <see cref="CaseGenerator"/> through the domain's methods and saved in batches. Runs after the
/// migrations; a database that already has the demo chain is left as it is. Demo accounts have public passwords, so
/// outside Development it refuses unless explicitly allowed.
/// </summary>
public sealed partial class DemoSeed(
    AppDbContext db,
    UserManager<AppUser> users,
    TimeProvider clock,
    IHostEnvironment environment,
    ILogger<DemoSeed> logger)
{
    public const int Weeks = 12;
    public const int CaseCount = 1800;
    private const int BatchSize = 300;

    public async Task SeedAsync(DemoSeedOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!environment.IsDevelopment() && !options.AllowDemoPasswords)
        {
            throw new InvalidOperationException(
                $"Refusing to seed demo accounts with public passwords in the {environment.EnvironmentName} environment. Add --allow-demo-passwords if you really mean it.");
        }

        var names = DemoChain.Stores.Select(s => s.Name).ToList();
        if (await db.Stores.AnyAsync(s => names.Contains(s.Name), cancellationToken))
        {
            LogAlreadySeeded(logger);
            return;
        }

        var watch = Stopwatch.StartNew();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stores = DemoChain.Stores.Select(p => new Store(p.Name, p.TimeZoneId, p.Currency)).ToList();
        db.Stores.AddRange(stores);
        await db.SaveChangesAsync(cancellationToken);
        var storeIds = stores.ToDictionary(s => s.Name, s => s.Id);

        // Manchester works to a tighter apology target, so per-store targets show up too.
        db.Targets.Add(new RecoveryTargets { StoreId = storeIds[DemoChain.Manchester], MinutesToApology = 3 });

        var staff = new List<(DemoAccount Account, AppUser User)>();
        foreach (var account in DemoChain.Accounts)
        {
            var user = new AppUser { UserName = account.Email, Email = account.Email, DisplayName = account.DisplayName, EmailConfirmed = true };
            var created = await users.CreateAsync(user, account.Password);
            if (!created.Succeeded)
            {
                throw new InvalidOperationException($"Could not create the demo account {account.Email}: {string.Join("; ", created.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, account.Role);
            db.StoreMembers.AddRange(account.StoreNames.Select(n => new StoreMember(user.Id, storeIds[n])));
            staff.Add((account, user));
        }

        await db.SaveChangesAsync(cancellationToken);

        var targets = await db.EffectiveTargetsByStoreAsync(cancellationToken);
        var generatorStores = DemoChain.Stores.Select(p => new GeneratorStore(
            storeIds[p.Name],
            p,
            StaffAt(staff, p.Name, Roles.Cashier),
            StaffAt(staff, p.Name, Roles.Manager),
            targets[storeIds[p.Name]])).ToList();
        var settings = new GeneratorSettings(CaseCount, Weeks, clock.GetUtcNow().UtcDateTime);
        var batch = new List<RecoveryCase>(BatchSize);
        var total = 0;
        foreach (var recoveryCase in CaseGenerator.Generate(generatorStores, settings))
        {
            batch.Add(recoveryCase);
            if (batch.Count == BatchSize)
            {
                total += await SaveBatchAsync(batch, cancellationToken);
            }
        }

        total += await SaveBatchAsync(batch, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogSeeded(logger, stores.Count, staff.Count, total, watch.Elapsed.TotalSeconds);
    }

    private static List<StaffName> StaffAt(List<(DemoAccount Account, AppUser User)> staff, string storeName, string role) =>
        staff.Where(s => s.Account.Role == role && s.Account.StoreNames.Contains(storeName))
            .Select(s => new StaffName(s.User.DisplayName, s.User.Id))
            .ToList();

    private async Task<int> SaveBatchAsync(List<RecoveryCase> batch, CancellationToken cancellationToken)
    {
        db.Cases.AddRange(batch);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var count = batch.Count;
        batch.Clear();
        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The demo chain is already in the database; nothing seeded")]
    private static partial void LogAlreadySeeded(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeded the demo chain: {Stores} stores, {Accounts} demo accounts with public passwords, {Cases} cases in {Seconds:F1} s")]
    private static partial void LogSeeded(ILogger logger, int stores, int accounts, int cases, double seconds);
}
