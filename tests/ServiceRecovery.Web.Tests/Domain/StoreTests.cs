using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

/// <summary>Store-local days and times, in Europe/Prague (CET, UTC+1; CEST, UTC+2 from the last Sunday of March to the last of October).</summary>
public sealed class StoreTests
{
    private static readonly Store Prague = new("Main store", "Europe/Prague", "eur");

    [Fact]
    public void A_store_keeps_its_name_zone_and_normalised_currency()
    {
        var store = new Store("  Old Town  ", "Europe/Prague", " czk ");

        Assert.Equal("Old Town", store.Name);
        Assert.Equal("Europe/Prague", store.TimeZoneId);
        Assert.Equal("CZK", store.Currency);
    }

    [Fact]
    public void A_store_in_an_unknown_time_zone_is_refused()
    {
        Assert.Throws<TimeZoneNotFoundException>(() => new Store("Nowhere", "Mars/Olympus_Mons", "EUR"));
    }

    [Fact]
    public void The_local_day_on_an_ordinary_winter_day_is_24_hours_from_local_midnight()
    {
        // 00:30 on Wednesday 11 March in Prague is still 10 March in UTC.
        var (start, end) = Prague.LocalDayContaining(Utc(2026, 3, 10, 23, 30));

        Assert.Equal(Utc(2026, 3, 10, 23, 0), start);
        Assert.Equal(Utc(2026, 3, 11, 23, 0), end);
        Assert.Equal(DateTimeKind.Utc, start.Kind);
        Assert.Equal(DateTimeKind.Utc, end.Kind);
    }

    [Fact]
    public void The_local_day_when_clocks_go_forward_is_23_hours_long()
    {
        var (start, end) = Prague.LocalDayContaining(Utc(2026, 3, 29, 12, 0));

        Assert.Equal(Utc(2026, 3, 28, 23, 0), start);
        Assert.Equal(Utc(2026, 3, 29, 22, 0), end);
        Assert.Equal(TimeSpan.FromHours(23), end - start);
    }

    [Fact]
    public void The_local_day_when_clocks_go_back_is_25_hours_long()
    {
        var (start, end) = Prague.LocalDayContaining(Utc(2026, 10, 25, 12, 0));

        Assert.Equal(Utc(2026, 10, 24, 22, 0), start);
        Assert.Equal(Utc(2026, 10, 25, 23, 0), end);
        Assert.Equal(TimeSpan.FromHours(25), end - start);
    }

    [Fact]
    public void Consecutive_local_days_across_a_change_of_clocks_leave_no_gap_and_no_overlap()
    {
        var saturday = Prague.LocalDayContaining(Utc(2026, 3, 28, 12, 0));
        var sunday = Prague.LocalDayContaining(Utc(2026, 3, 29, 12, 0));
        var monday = Prague.LocalDayContaining(Utc(2026, 3, 30, 12, 0));

        Assert.Equal(saturday.EndUtc, sunday.StartUtc);
        Assert.Equal(sunday.EndUtc, monday.StartUtc);
    }

    [Theory]
    [InlineData(2, 0, 1, 0)]
    [InlineData(2, 5, 1, 5)]
    [InlineData(2, 30, 1, 30)]
    [InlineData(2, 59, 1, 59)]
    public void A_wall_clock_time_skipped_when_clocks_go_forward_moves_forward_by_the_gap(int hour, int minute, int utcHour, int utcMinute)
    {
        // On 29 March 2026 Prague jumps from 02:00 CET to 03:00 CEST: 02:xx does not exist and is read as 03:xx.
        var utc = Prague.LocalToUtc(new DateTime(2026, 3, 29, hour, minute, 0, DateTimeKind.Unspecified));

        Assert.Equal(Utc(2026, 3, 29, utcHour, utcMinute), utc);
        Assert.Equal(new DateTime(2026, 3, 29, hour + 1, minute, 0), Prague.ToLocal(utc));
    }

    [Fact]
    public void Ordinary_local_times_convert_with_the_offset_in_force()
    {
        Assert.Equal(Utc(2026, 3, 29, 0, 59), Prague.LocalToUtc(new DateTime(2026, 3, 29, 1, 59, 0)));
        Assert.Equal(Utc(2026, 3, 29, 1, 0), Prague.LocalToUtc(new DateTime(2026, 3, 29, 3, 0, 0)));
        Assert.Equal(Utc(2026, 7, 1, 10, 0), Prague.LocalToUtc(new DateTime(2026, 7, 1, 12, 0, 0)));
        Assert.Equal(DateTimeKind.Utc, Prague.LocalToUtc(new DateTime(2026, 7, 1, 12, 0, 0)).Kind);
    }

    private static DateTime Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);
}
