namespace ServiceRecovery.Web.Domain;

/// <summary>The three kinds of staff. A manager can do everything a cashier can; an owner everything, everywhere.</summary>
public static class Roles
{
    public const string Cashier = "Cashier";
    public const string Manager = "Manager";
    public const string Owner = "Owner";

    public const string ManagerOrOwner = Manager + "," + Owner;

    public static readonly IReadOnlyList<string> All = [Cashier, Manager, Owner];
}

/// <summary>A cashier or manager works at one or more stores; owners need no membership (they see every store).</summary>
public sealed class StoreMember
{
    private StoreMember()
    {
    }

    public StoreMember(string userId, int storeId)
    {
        UserId = userId;
        StoreId = storeId;
    }

    public string UserId { get; private set; } = string.Empty;

    public int StoreId { get; private set; }
}

/// <summary>
/// The owner's targets. One chain-wide row (StoreId null) holds every value; a store's row overrides only the
/// values it sets.
/// </summary>
public sealed class RecoveryTargets
{
    public int Id { get; set; }

    public int? StoreId { get; set; }

    public int? MinutesToApology { get; set; }

    public int? HoursToFollowUp { get; set; }

    public int? HoursToFollowUpMajor { get; set; }

    /// <summary>Above this (minor units of the store's currency) a cashier's compensation waits for a manager.</summary>
    public long? CashierCompensationLimitMinor { get; set; }

    public static RecoveryTargets ChainDefaults() => new()
    {
        MinutesToApology = 5,
        HoursToFollowUp = 24,
        HoursToFollowUpMajor = 4,
        CashierCompensationLimitMinor = 1500,
    };
}

/// <summary>The targets in force at one store: its overrides over the chain's values.</summary>
public sealed record EffectiveTargets(int MinutesToApology, int HoursToFollowUp, int HoursToFollowUpMajor, long CashierCompensationLimitMinor)
{
    /// <summary>The chain defaults, where nothing is overridden.</summary>
    public static EffectiveTargets Defaults { get; } = Combine(RecoveryTargets.ChainDefaults(), null);

    /// <summary>The targets in force at <paramref name="storeId"/>, from the targets table's rows (the chain's and the overrides).</summary>
    public static EffectiveTargets At(IEnumerable<RecoveryTargets> rows, int storeId)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyCollection<RecoveryTargets> ?? [.. rows];
        return Combine(list.FirstOrDefault(t => t.StoreId is null) ?? RecoveryTargets.ChainDefaults(), list.FirstOrDefault(t => t.StoreId == storeId));
    }

    public static EffectiveTargets Combine(RecoveryTargets chain, RecoveryTargets? store)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var defaults = RecoveryTargets.ChainDefaults();
        return new EffectiveTargets(
            store?.MinutesToApology ?? chain.MinutesToApology ?? defaults.MinutesToApology!.Value,
            store?.HoursToFollowUp ?? chain.HoursToFollowUp ?? defaults.HoursToFollowUp!.Value,
            store?.HoursToFollowUpMajor ?? chain.HoursToFollowUpMajor ?? defaults.HoursToFollowUpMajor!.Value,
            store?.CashierCompensationLimitMinor ?? chain.CashierCompensationLimitMinor ?? defaults.CashierCompensationLimitMinor!.Value);
    }
}
