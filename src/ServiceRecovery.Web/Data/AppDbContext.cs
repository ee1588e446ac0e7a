using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

/// <summary>Cases, stores and the Identity tables share one database, so a staff change and its store memberships commit together.</summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Store> Stores => Set<Store>();

    public DbSet<RecoveryCase> Cases => Set<RecoveryCase>();

    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();

    public DbSet<StoreMember> StoreMembers => Set<StoreMember>();

    public DbSet<RecoveryTargets> Targets => Set<RecoveryTargets>();

    public DbSet<Commendation> Commendations => Set<Commendation>();

    public DbSet<Suggestion> Suggestions => Set<Suggestion>();

    public DbSet<CardOverflow> CardOverflows => Set<CardOverflow>();

    /// <summary>The dashboard's per store and week counts, kept up to date by every save (decisions 0041, 0049).</summary>
    public DbSet<DashboardFact> DashboardFacts => Set<DashboardFact>();

    /// <summary>Every save waits its turn at the app's <see cref="SqliteWriteGate"/> (decision 0029), when there is one.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var turn = SqliteWriteGate.Of(this)?.Enter(this);
        var rollup = DashboardRollup.Collect(this, ids => DashboardRollup.Zones(this, ids));
        if (rollup.IsEmpty)
        {
            return base.SaveChanges(acceptAllChangesOnSuccess);
        }

        // The rollup's rows change in the same transaction as the cases they count.
        using var own = Database.CurrentTransaction is null ? Database.BeginTransaction() : null;
        rollup.Apply(this);
        var saved = base.SaveChanges(acceptAllChangesOnSuccess);
        foreach (var store in rollup.Rezoned)
        {
            DashboardRollup.RebuildAsync(Database.GetDbConnection(), Database.CurrentTransaction!.GetDbTransaction(), store).GetAwaiter().GetResult();
        }

        own?.Commit();
        return saved;
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var turn = SqliteWriteGate.Of(this) is { } gate ? await gate.EnterAsync(this, cancellationToken) : null;
        var rollup = DashboardRollup.Collect(this, ids => DashboardRollup.Zones(this, ids));
        if (rollup.IsEmpty)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The rollup's rows change in the same transaction as the cases they count.
        await using var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        await rollup.ApplyAsync(this, cancellationToken);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var store in rollup.Rezoned)
        {
            await DashboardRollup.RebuildAsync(Database.GetDbConnection(), Database.CurrentTransaction!.GetDbTransaction(), store, cancellationToken);
        }

        if (own is not null)
        {
            await own.CommitAsync(cancellationToken);
        }

        return saved;
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Every timestamp is UTC in the database and comes back as DateTimeKind.Utc.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();

        // Enums as their names: readable in the database and safe against renumbering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}
