using System.Globalization;

namespace ServiceRecovery.Web.Domain;

/// <summary>Money is stored as integer minor units (cents) of the store's currency; see docs/decisions.</summary>
public static class Money
{
    private static readonly HashSet<string> ZeroDecimals =
        ["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"];

    private static readonly HashSet<string> ThreeDecimals = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

    public static string NormalizeCurrency(string currency)
    {
        ArgumentNullException.ThrowIfNull(currency);
        var code = currency.Trim().ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"'{currency}' is not an ISO 4217 currency code.", nameof(currency));
        }

        return code;
    }

    /// <summary>
    /// Reads an amount as a cashier types it: digits with at most one decimal separator, "." or ","
    /// (so "7,50" is seven fifty, never seven hundred and fifty); no thousands separators, no sign.
    /// </summary>
    public static bool TryParseAmount(string? text, out decimal amount)
    {
        amount = 0;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > 12)
        {
            return false;
        }

        var separators = trimmed.Count(ch => ch is '.' or ',');
        if (separators > 1 || !trimmed.All(ch => char.IsAsciiDigit(ch) || ch is '.' or ',') || trimmed[0] is '.' or ',' || trimmed[^1] is '.' or ',')
        {
            return false;
        }

        return decimal.TryParse(trimmed.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount);
    }

    public static int MinorDigits(string currency) =>
        ZeroDecimals.Contains(currency) ? 0 : ThreeDecimals.Contains(currency) ? 3 : 2;

    /// <summary>True when <paramref name="major"/> has no more decimals than the currency allows and fits in minor units.</summary>
    public static bool FitsMinorUnits(decimal major, string currency)
    {
        if (Math.Abs(major) > long.MaxValue / Factor(currency))
        {
            return false;
        }

        var scaled = major * Factor(currency);
        return scaled == decimal.Truncate(scaled);
    }

    public static long ToMinor(decimal major, string currency)
    {
        if (!FitsMinorUnits(major, currency))
        {
            throw new ArgumentException($"{currency} has {MinorDigits(currency)} decimal places.", nameof(major));
        }

        return decimal.ToInt64(major * Factor(currency));
    }

    public static decimal ToMajor(long minor, string currency) => minor / (decimal)Factor(currency);

    public static string Format(long minor, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{currency} {ToMajor(minor, currency).ToString("N" + MinorDigits(currency), CultureInfo.InvariantCulture)}");

    private static long Factor(string currency) => MinorDigits(currency) switch
    {
        0 => 1,
        3 => 1000,
        _ => 100,
    };
}
