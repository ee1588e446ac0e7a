using System.Globalization;
using System.Text.RegularExpressions;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>An ISO 8601 week ("2026-W53"): Monday to Sunday, the year being the one its Thursday falls in.</summary>
public readonly partial record struct IsoWeek(int Year, int Week) : IComparable<IsoWeek>
{
    /// <summary>The Monday that starts the week (a calendar date, no time zone).</summary>
    public DateTime Monday => ISOWeek.ToDateTime(Year, Week, DayOfWeek.Monday);

    public DateTime Sunday => Monday.AddDays(6);

    public IsoWeek Previous => Containing(Monday.AddDays(-7));

    public IsoWeek Next => Containing(Monday.AddDays(7));

    public static IsoWeek Containing(DateTime date) => new(ISOWeek.GetYear(date), ISOWeek.GetWeekOfYear(date));

    /// <summary>Reads "2026-W05" (or "2026-W5"); a week the year does not have (2025-W53) is refused.</summary>
    public static bool TryParse(string? text, out IsoWeek week)
    {
        week = default;
        var match = text is null ? null : Pattern().Match(text.Trim());
        if (match is not { Success: true })
        {
            return false;
        }

        var year = int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture);
        var number = int.Parse(match.Groups["week"].Value, CultureInfo.InvariantCulture);
        if (year is < 2000 or > 9998 || number < 1 || number > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        week = new IsoWeek(year, number);
        return true;
    }

    public int CompareTo(IsoWeek other) => Monday.CompareTo(other.Monday);

    public static bool operator <(IsoWeek left, IsoWeek right) => left.CompareTo(right) < 0;

    public static bool operator >(IsoWeek left, IsoWeek right) => left.CompareTo(right) > 0;

    public static bool operator <=(IsoWeek left, IsoWeek right) => left.CompareTo(right) <= 0;

    public static bool operator >=(IsoWeek left, IsoWeek right) => left.CompareTo(right) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-W{Week:D2}");

    [GeneratedRegex(@"^(?<year>\d{4})-W(?<week>\d{1,2})$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
