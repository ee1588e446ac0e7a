using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Data;

internal sealed class StoreConfiguration : IEntityTypeConfiguration<Store>
{
    public void Configure(EntityTypeBuilder<Store> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(100).IsRequired();
        builder.Property(s => s.TimeZoneId).HasMaxLength(64).IsRequired();
        builder.Property(s => s.Currency).HasMaxLength(3).IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.FeedbackToken).HasMaxLength(Store.FeedbackTokenLength).IsRequired();
        builder.HasIndex(s => s.FeedbackToken).IsUnique();
        builder.Ignore(s => s.TimeZone);
    }
}

internal sealed class RecoveryCaseConfiguration : IEntityTypeConfiguration<RecoveryCase>
{
    private static readonly ValueConverter<DateTime, long> UtcTicks = new(v => v.Ticks, v => new DateTime(v, DateTimeKind.Utc));

    public void Configure(EntityTypeBuilder<RecoveryCase> builder)
    {
        builder.ToTable("Cases");
        builder.HasOne<Store>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.LoggedBy).HasMaxLength(100).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(RecoveryCase.DescriptionMaxLength).IsRequired();
        builder.Property(c => c.OrderReference).HasMaxLength(40);
        builder.Property(c => c.Version).IsConcurrencyToken();

        builder.HasIndex(c => c.LogKey).IsUnique();
        builder.HasIndex(c => new { c.StoreId, c.LoggedAt });

        // The weekly dashboard groups a week of cases by these columns: covering, so its GROUP BY reads only the index.
        // The standing resolution's facts are stored on the case (written by Refresh), so resolutions need no join (decision 0015);
        // so are the times to apology and follow-up, as ticks (integers: ordered and compared in SQL, decision 0024).
        builder.HasIndex(c => new { c.StoreId, c.LoggedAt, c.FailureType, c.Severity, c.Channel, c.IsOpen, c.TimeToApology, c.TimeToFollowUp, c.ResolvedOutcome, c.ResolvedRootCause, c.ResolvedDimension })
            .HasDatabaseName("IX_Cases_Dashboard");
        builder.Property(c => c.TimeToApology).HasConversion<long?>();
        builder.Property(c => c.TimeToFollowUp).HasConversion<long?>();

        // The store-local week of the case, written with it by the dashboard's rollup (decision 0049): a week's times to apology
        // or follow-up are one range of these indexes, in order — the whole chain's by (week, time), a store's by (week, store,
        // time) — so a median is a walk to the middle, not a scan and sort of the week's cases.
        // Cases that existed before the column get 0 until the rebuild at start-up writes theirs.
        builder.Property<int>(DashboardRollup.WeekColumn).HasDefaultValue(0);
        builder.HasIndex(DashboardRollup.WeekColumn, nameof(RecoveryCase.TimeToApology), nameof(RecoveryCase.StoreId))
            .HasDatabaseName("IX_Cases_WeekApology")
            .HasFilter("\"TimeToApology\" IS NOT NULL");
        builder.HasIndex(DashboardRollup.WeekColumn, nameof(RecoveryCase.StoreId), nameof(RecoveryCase.TimeToApology))
            .HasDatabaseName("IX_Cases_WeekStoreApology")
            .HasFilter("\"TimeToApology\" IS NOT NULL");
        builder.HasIndex(DashboardRollup.WeekColumn, nameof(RecoveryCase.TimeToFollowUp), nameof(RecoveryCase.StoreId))
            .HasDatabaseName("IX_Cases_WeekFollowUp")
            .HasFilter("\"TimeToFollowUp\" IS NOT NULL");
        builder.Property(c => c.LoggedByUserId).HasMaxLength(450);
        builder.HasIndex(c => new { c.LoggedByUserId, c.LoggedAt });

        // The open-recoveries queue reads only open cases, usually of a few stores (decision 0014). The defaults only
        // fill rows that existed before these columns; the migration then back-fills them.
        builder.Property(c => c.IsOpen).HasDefaultValue(false);
        builder.Property(c => c.AwaitsApproval).HasDefaultValue(false);
        builder.Property(c => c.ResolvedOutcome).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ResolvedRootCause).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.ResolvedDimension).HasConversion<string>().HasMaxLength(32);
        // Partial and covering (IsOpen is listed too, or SQLite will not treat it as covering): the queue reads only this index
        // (a boolean column is a valid index predicate in SQLite and PostgreSQL alike). The channel decides a card complaint's
        // apology target (decision 0047), so the overdue conditions read it from the index too.
        builder.HasIndex(c => new { c.StoreId, c.LoggedAt, c.Severity, c.FailureType, c.AwaitsApproval, c.ApologisedAt, c.FollowedUpAt, c.IsOpen, c.Channel })
            .HasDatabaseName("IX_Cases_OpenQueue")
            .HasFilter("\"IsOpen\"");

        // The queue's page order (decision 0035): urgent band first (UrgentAfter before the moment read), then priority, age and
        // id. The band depends on the moment, so the index runs (Priority, LoggedAt, Id) and each band is one ordered scan of
        // it with LIMIT; the other columns make it covering for the filters. UrgentAfter is stored as ticks (an integer: exact,
        // ordered, and computed in SQL when the owner changes a target).
        builder.Property(c => c.UrgentAfter).HasConversion(UtcTicks);
        builder.Property(c => c.Priority).HasDefaultValue(3);
        builder.HasIndex(c => new { c.Priority, c.LoggedAt, c.Id, c.UrgentAfter, c.StoreId, c.FailureType, c.Severity, c.AwaitsApproval, c.ApologisedAt, c.FollowedUpAt, c.IsOpen, c.Channel })
            .HasDatabaseName("IX_Cases_QueueOrder")
            .HasFilter("\"IsOpen\"");

        // The queue's counts (decision 0052): a store's open cases not yet overdue are the range OverdueAfter ≥ now, read with
        // what they are counted by (type, severity, next step) from this index alone. Store first: every read names its stores,
        // and with an equality and a range this index is the planner's clear choice over IX_Cases_OpenQueue.
        builder.Property(c => c.OverdueAfter).HasConversion(UtcTicks);
        builder.HasIndex(c => new { c.StoreId, c.OverdueAfter, c.FailureType, c.Severity, c.AwaitsApproval, c.ApologisedAt, c.FollowedUpAt, c.IsOpen })
            .HasDatabaseName("IX_Cases_OpenDeadlines")
            .HasFilter("\"IsOpen\"");

        builder.OwnsOne(c => c.Customer, customer =>
        {
            customer.Property(x => x.Name).HasMaxLength(100).HasColumnName("CustomerName");
            customer.Property(x => x.Phone).HasMaxLength(30).HasColumnName("CustomerPhone");
            customer.Property(x => x.Email).HasMaxLength(254).HasColumnName("CustomerEmail");
            customer.Property(x => x.ConsentGivenAt).HasColumnName("CustomerConsentGivenAt");
            customer.Ignore(x => x.IsEmpty);
        });

        builder.OwnsOne(c => c.Apology, apology =>
        {
            apology.Property(x => x.By).HasMaxLength(100).HasColumnName("ApologyBy");
            apology.Property(x => x.At).HasColumnName("ApologyAt");
            apology.Property(x => x.Method).HasColumnName("ApologyMethod");
            apology.Property(x => x.Note).HasMaxLength(RecoveryCase.NoteMaxLength).HasColumnName("ApologyNote");
        });

        builder.HasMany(c => c.Compensations).WithOne().HasForeignKey("RecoveryCaseId").IsRequired().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.FollowUps).WithOne().HasForeignKey("RecoveryCaseId").IsRequired().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Resolutions).WithOne().HasForeignKey("RecoveryCaseId").IsRequired().OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.Timeline).WithOne().HasForeignKey(e => e.RecoveryCaseId).OnDelete(DeleteBehavior.Restrict);

        builder.Navigation(c => c.Compensations).HasField("_compensations");
        builder.Navigation(c => c.FollowUps).HasField("_followUps");
        builder.Navigation(c => c.Resolutions).HasField("_resolutions");
        builder.Navigation(c => c.Timeline).HasField("_timeline");

        builder.Ignore(c => c.CurrentResolution);
        builder.Ignore(c => c.CurrentFollowUp);
        builder.Ignore(c => c.IsResolved);
        builder.Ignore(c => c.WasReopened);
        builder.Ignore(c => c.Status);
        builder.Ignore(c => c.AllowedOutcomes);
        builder.Ignore(c => c.CanRecordApology);
        builder.Ignore(c => c.CanAddCompensation);
        builder.Ignore(c => c.CanRecordFollowUp);
        builder.Ignore(c => c.CanResolve);
        builder.Ignore(c => c.CanReopen);
    }
}

internal sealed class CompensationConfiguration : IEntityTypeConfiguration<Compensation>
{
    public void Configure(EntityTypeBuilder<Compensation> builder)
    {
        builder.Property(c => c.Description).HasMaxLength(120).IsRequired();
        builder.Property(c => c.By).HasMaxLength(100).IsRequired();

        // Compensations recorded before approvals existed needed none.
        builder.Property(c => c.Approval).HasDefaultValueSql("'NotNeeded'").HasSentinel(default(CompensationApproval));
        builder.Property(c => c.DecidedBy).HasMaxLength(100);
        builder.Property(c => c.DeclineReason).HasMaxLength(RecoveryCase.NoteMaxLength);
        builder.Ignore(c => c.IsPending);
        builder.Ignore(c => c.CostMinor);
        builder.HasIndex("RecoveryCaseId");
        builder.ToTable("Compensations", t => t.HasCheckConstraint("CK_Compensations_ValueMinor_NotNegative", "\"ValueMinor\" >= 0"));
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.ToTable("FollowUps");
        builder.Property(f => f.Note).HasMaxLength(RecoveryCase.NoteMaxLength);
        builder.Property(f => f.By).HasMaxLength(100).IsRequired();
        builder.HasIndex("RecoveryCaseId");
        builder.Ignore(f => f.CustomerWonBack);
    }
}

internal sealed class ResolutionConfiguration : IEntityTypeConfiguration<Resolution>
{
    public void Configure(EntityTypeBuilder<Resolution> builder)
    {
        builder.ToTable("Resolutions");
        builder.Property(r => r.WhatWeWillChange).HasMaxLength(RecoveryCase.NoteMaxLength);
        builder.Property(r => r.By).HasMaxLength(100).IsRequired();
        builder.Property(r => r.ReopenedBy).HasMaxLength(100);
        builder.Property(r => r.ReopenReason).HasMaxLength(RecoveryCase.NoteMaxLength);
        builder.HasIndex("RecoveryCaseId");
        builder.Ignore(r => r.IsReopened);
    }
}

internal sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> builder)
    {
        builder.ToTable("CaseEvents");
        builder.Property(e => e.By).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Summary).HasMaxLength(1000).IsRequired();
        builder.HasIndex(e => new { e.RecoveryCaseId, e.At });
    }
}

internal sealed class StoreMemberConfiguration : IEntityTypeConfiguration<StoreMember>
{
    public void Configure(EntityTypeBuilder<StoreMember> builder)
    {
        builder.HasKey(m => new { m.UserId, m.StoreId });
        builder.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Store>().WithMany().HasForeignKey(m => m.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => m.StoreId);
    }
}

internal sealed class RecoveryTargetsConfiguration : IEntityTypeConfiguration<RecoveryTargets>
{
    public void Configure(EntityTypeBuilder<RecoveryTargets> builder)
    {
        builder.ToTable("Targets");
        builder.HasOne<Store>().WithMany().HasForeignKey(t => t.StoreId).OnDelete(DeleteBehavior.Cascade);

        // One chain-wide row (StoreId NULL) and at most one row per store.
        builder.HasIndex(t => t.StoreId).IsUnique();
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
}

/// <summary>Customer contact on a card: the same columns and limits as on a case.</summary>
internal static class CustomerColumns
{
    public static void Map<T>(OwnedNavigationBuilder<T, CustomerContact> customer)
        where T : class
    {
        customer.Property(x => x.Name).HasMaxLength(100).HasColumnName("CustomerName");
        customer.Property(x => x.Phone).HasMaxLength(30).HasColumnName("CustomerPhone");
        customer.Property(x => x.Email).HasMaxLength(254).HasColumnName("CustomerEmail");
        customer.Property(x => x.ConsentGivenAt).HasColumnName("CustomerConsentGivenAt");
        customer.Ignore(x => x.IsEmpty);
    }
}

internal sealed class CommendationConfiguration : IEntityTypeConfiguration<Commendation>
{
    public void Configure(EntityTypeBuilder<Commendation> builder)
    {
        builder.HasOne<Store>().WithMany().HasForeignKey(c => c.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.Text).HasMaxLength(FeedbackCard.TextMaxLength).IsRequired();
        builder.Property(c => c.EmployeeName).HasMaxLength(FeedbackCard.EmployeeMaxLength);
        builder.Property(c => c.StaffUserId).HasMaxLength(450);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(c => c.StaffUserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.SubmitKey).IsUnique();
        builder.HasIndex(c => new { c.StoreId, c.ReceivedAt });
        builder.OwnsOne(c => c.Customer, CustomerColumns.Map);
    }
}

internal sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        builder.HasOne<Store>().WithMany().HasForeignKey(s => s.StoreId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(s => s.Text).HasMaxLength(FeedbackCard.TextMaxLength).IsRequired();
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.SubmitKey).IsUnique();
        builder.HasIndex(s => new { s.StoreId, s.ReceivedAt });
        builder.HasIndex(s => new { s.StoreId, s.AdoptedAt });
        builder.OwnsOne(s => s.Customer, CustomerColumns.Map);
        builder.HasMany(s => s.Changes).WithOne().HasForeignKey(c => c.SuggestionId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(s => s.Changes).HasField("_changes");
    }
}

internal sealed class SuggestionStatusChangeConfiguration : IEntityTypeConfiguration<SuggestionStatusChange>
{
    public void Configure(EntityTypeBuilder<SuggestionStatusChange> builder)
    {
        builder.ToTable("SuggestionStatusChanges");
        builder.Property(c => c.By).HasMaxLength(100).IsRequired();
        builder.HasIndex(c => new { c.SuggestionId, c.At });
    }
}

internal sealed class CardOverflowConfiguration : IEntityTypeConfiguration<CardOverflow>
{
    public void Configure(EntityTypeBuilder<CardOverflow> builder)
    {
        builder.ToTable("CardOverflows");
        builder.HasKey(o => new { o.StoreId, o.Kind, o.HourUtc });
        builder.HasOne<Store>().WithMany().HasForeignKey(o => o.StoreId).OnDelete(DeleteBehavior.Cascade);
    }
}
