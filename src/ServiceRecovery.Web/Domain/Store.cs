namespace ServiceRecovery.Web.Domain;

public sealed class Store
{
    private Store()
    {
    }

    public Store(string name, string timeZoneId, string currency)
    {
        Update(name, timeZoneId, currency);
        FeedbackToken = NewFeedbackToken();
    }

    public int Id { get; private set; }

    public string Name { get; private set; } = string.Empty;

    /// <summary>IANA time zone id, e.g. "Europe/Prague". Times are stored in UTC and shown in this zone.</summary>
    public string TimeZoneId { get; private set; } = "Etc/UTC";

    /// <summary>ISO 4217 code; money on this store's cases is in this currency's minor units.</summary>
    public string Currency { get; private set; } = "EUR";

    /// <summary>
    /// Renames the store or moves it to another zone or currency. Recorded amounts carry no currency of their own, so the
    /// caller must not change the currency of a store that already has some (the admin page refuses it).
    /// </summary>
    public void Update(string name, string timeZoneId, string currency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId).Id;
        var code = Money.NormalizeCurrency(currency);
        (Name, TimeZoneId, Currency) = (name.Trim(), zone, code);
    }

    /// <summary>
    /// The secret part of the store's public "tell us" address (/tell-us/{token}): 128 random bits as 32 hex digits, so the
    /// address of one store says nothing about another's and cannot be guessed from the store's id (decision 0016).
    /// </summary>
    public string FeedbackToken { get; private set; } = string.Empty;

    public const int FeedbackTokenLength = 32;

    /// <summary>A new card address for the store; the old one stops working at once (e.g. a card that is being abused).</summary>
    public void RenewFeedbackToken() => FeedbackToken = NewFeedbackToken();

    public static string NewFeedbackToken() =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(FeedbackTokenLength / 2));

    public TimeZoneInfo TimeZone => TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId);

    public DateTime ToLocal(DateTime utc) => ToLocal(TimeZone, utc);

    public static DateTime ToLocal(TimeZoneInfo zone, DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>The UTC instants that bound the store's local calendar day containing <paramref name="utcNow"/>.</summary>
    public (DateTime StartUtc, DateTime EndUtc) LocalDayContaining(DateTime utcNow)
    {
        var localDate = ToLocal(utcNow).Date;
        return (LocalToUtc(localDate), LocalToUtc(localDate.AddDays(1)));
    }

    /// <summary>Converts a store-local wall-clock time to UTC; a time skipped by a DST jump moves forward by the gap.</summary>
    public DateTime LocalToUtc(DateTime local) => LocalToUtc(TimeZone, local);

    /// <summary>As <see cref="LocalToUtc(DateTime)"/>, in <paramref name="zone"/>.</summary>
    public static DateTime LocalToUtc(TimeZoneInfo zone, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (!zone.IsInvalidTime(unspecified))
        {
            return TimeZoneInfo.ConvertTimeToUtc(unspecified, zone);
        }

        // Read the skipped time with the offset in force just before the jump (02:30 in a 02:00→03:00 gap is 03:30).
        var beforeGap = unspecified;
        while (zone.IsInvalidTime(beforeGap))
        {
            beforeGap = beforeGap.AddMinutes(-1);
        }

        return DateTime.SpecifyKind(unspecified - zone.GetUtcOffset(beforeGap), DateTimeKind.Utc);
    }
}
