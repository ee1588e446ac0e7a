using System.Globalization;

namespace ServiceRecovery.Web.Pages.Admin.Stores;

/// <summary>The IANA time zones this server knows, for the store form's list and its validation.</summary>
public static class TimeZoneChoices
{
    public sealed record Zone(string Id, string Label);

    public static IReadOnlyList<Zone> All { get; } = Load();

    /// <summary>An IANA id this server can convert times with ("Europe/Prague"); Windows names are refused so every store reads alike.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrWhiteSpace(id) && TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) && zone.HasIanaId;

    /// <summary>Every listed zone, plus <paramref name="current"/> when it is valid but unlisted (e.g. "Etc/UTC").</summary>
    public static IReadOnlyList<Zone> Including(string? current) =>
        current is null || All.Any(z => z.Id == current) || !IsValid(current)
            ? All
            : [Describe(TimeZoneInfo.FindSystemTimeZoneById(current), current), .. All];

    private static List<Zone> Load() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(zone => (zone, id: zone.HasIanaId ? zone.Id : TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null))
            .Where(z => z.id is not null)
            .DistinctBy(z => z.id)
            .OrderBy(z => z.id, StringComparer.Ordinal)
            .Select(z => Describe(z.zone, z.id!))
            .ToList();

    private static Zone Describe(TimeZoneInfo zone, string id)
    {
        var offset = zone.BaseUtcOffset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return new Zone(id, string.Create(CultureInfo.InvariantCulture, $"{id} (UTC{sign}{offset.Duration():hh\\:mm})"));
    }
}
