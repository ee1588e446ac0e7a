using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Domain;

public sealed class MoneyTests
{
    [Fact]
    public void An_amount_too_large_for_minor_units_does_not_fit_instead_of_overflowing()
    {
        Assert.False(Money.FitsMinorUnits(decimal.MaxValue, "EUR"));
        Assert.False(Money.FitsMinorUnits(100_000_000_000_000_000m, "EUR"));
        Assert.True(Money.FitsMinorUnits(90_000_000_000_000_000m, "JPY"));
    }

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("CZK", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    public void Each_currency_has_its_number_of_minor_digits(string currency, int digits)
    {
        Assert.Equal(digits, Money.MinorDigits(currency));
    }

    [Theory]
    [InlineData("4.50", "EUR", true)]
    [InlineData("4.500", "EUR", true)]
    [InlineData("4.505", "EUR", false)]
    [InlineData("0", "EUR", true)]
    [InlineData("500", "JPY", true)]
    [InlineData("500.5", "JPY", false)]
    [InlineData("1.125", "KWD", true)]
    [InlineData("1.1255", "KWD", false)]
    public void An_amount_fits_when_it_has_no_more_decimals_than_the_currency_allows(string amount, string currency, bool fits)
    {
        Assert.Equal(fits, Money.FitsMinorUnits(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
    }

    [Theory]
    [InlineData("7.50", "EUR", 750)]
    [InlineData("0.01", "EUR", 1)]
    [InlineData("500", "JPY", 500)]
    [InlineData("1.125", "KWD", 1125)]
    public void Amounts_convert_to_minor_units_and_back(string amount, string currency, long minor)
    {
        var major = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(minor, Money.ToMinor(major, currency));
        Assert.Equal(major, Money.ToMajor(minor, currency));
    }

    [Theory]
    [InlineData("4.505", "EUR")]
    [InlineData("0.5", "JPY")]
    public void An_amount_with_too_many_decimals_is_not_silently_rounded(string amount, string currency)
    {
        Assert.Throws<ArgumentException>(() => Money.ToMinor(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency));
    }

    [Theory]
    [InlineData(750, "EUR", "EUR 7.50")]
    [InlineData(123450, "EUR", "EUR 1,234.50")]
    [InlineData(0, "EUR", "EUR 0.00")]
    [InlineData(500, "JPY", "JPY 500")]
    [InlineData(1125, "KWD", "KWD 1.125")]
    public void Money_is_shown_with_its_currency_and_its_minor_digits(long minor, string currency, string shown)
    {
        Assert.Equal(shown, Money.Format(minor, currency));
    }

    [Theory]
    [InlineData("eur", "EUR")]
    [InlineData(" Jpy ", "JPY")]
    public void Currency_codes_are_normalised(string given, string normalised)
    {
        Assert.Equal(normalised, Money.NormalizeCurrency(given));
    }

    [Theory]
    [InlineData("")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("€")]
    public void Anything_but_a_three_letter_code_is_not_a_currency(string given)
    {
        Assert.Throws<ArgumentException>(() => Money.NormalizeCurrency(given));
    }
}
