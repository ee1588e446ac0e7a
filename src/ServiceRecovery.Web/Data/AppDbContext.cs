using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
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

    /// <summary>Every save waits its turn at the app's <see cref="SqliteWriteGate"/> (decision 0029), when there is one.</summary>
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var turn = SqliteWriteGate.Of(this)?.Enter(this);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var turn = SqliteWriteGate.Of(this) is { } gate ? await gate.EnterAsync(this, cancellationToken) : null;
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
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
