using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

/// <summary>Changing a store: the same rules as creating one.</summary>
public sealed class StoreUpdateTests
{
    [Fact]
    public void An_update_trims_the_name_and_normalises_the_currency()
    {
        var store = new Store("Main store", "Europe/Prague", "EUR");

        store.Update("  Old Town  ", "Europe/Warsaw", " pln ");

        Assert.Equal(("Old Town", "Europe/Warsaw", "PLN"), (store.Name, store.TimeZoneId, store.Currency));
        Assert.Equal("Europe/Warsaw", store.TimeZone.Id);
    }

    [Fact]
    public void An_update_with_an_unknown_zone_a_bad_currency_or_no_name_changes_nothing()
    {
        var store = new Store("Main store", "Europe/Prague", "EUR");

        Assert.Throws<TimeZoneNotFoundException>(() => store.Update("Renamed", "Mars/Olympus_Mons", "CZK"));
        Assert.Throws<ArgumentException>(() => store.Update("Renamed", "Europe/Vienna", "EURO"));
        Assert.Throws<ArgumentException>(() => store.Update("  ", "Europe/Vienna", "CZK"));

        Assert.Equal(("Main store", "Europe/Prague", "EUR"), (store.Name, store.TimeZoneId, store.Currency));
    }
}
