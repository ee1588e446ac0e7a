using System.Globalization;
using FluentValidation;
using FluentValidation.Results;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>How target fields are typed, checked and shown; shared by the chain form and the store form.</summary>
public static class TargetRules
{
    public const int MaxMinutesToApology = 1440;
    public const int MaxHoursToFollowUp = 336;

    /// <summary>Compensations are refused from this value up, so a higher limit would mean nothing.</summary>
    public const decimal LimitCeiling = 1_000_000m;

    /// <summary>A whole number as typed: digits only, so "5.5", "-3" and "1e3" are not numbers here.</summary>
    public static bool TryParseWhole(string? text, out int value) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    public static int? Whole(string? text) => TryParseWhole(text, out var value) ? value : null;

    public static IRuleBuilderOptions<T, string?> WholeBetween<T>(this IRuleBuilder<T, string?> rule, int max, string unit, string example) =>
        rule.Must(text => TryParseWhole(text, out _)).WithMessage($"Enter a whole number of {unit}, e.g. {example}.")
            .Must(text => !TryParseWhole(text, out var value) || (value >= 1 && value <= max))
            .WithMessage($"Enter between 1 and {max.ToString(CultureInfo.InvariantCulture)} {unit}.");

    public static IRuleBuilderOptions<T, string?> Amount<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(text => !text!.TrimStart().StartsWith('-')).WithMessage("The limit cannot be negative.")
            .Must(text => Money.TryParseAmount(text, out _)).WithMessage("Enter an amount like 15.00 — digits and one decimal point, no thousands separators.")
            .Must(text => Money.TryParseAmount(text, out var value) && value < LimitCeiling).WithMessage("Enter a limit below 1000000.");

    /// <summary>The limit in minor units of <paramref name="currency"/>, or a field error when it has too many decimals.</summary>
    public static long LimitToMinor(string text, string currency, string property)
    {
        if (!Money.TryParseAmount(text, out var amount) || !Money.FitsMinorUnits(amount, currency))
        {
            throw new ValidationException([new ValidationFailure(property, $"Use at most {Money.MinorDigits(currency)} decimal places for {currency}.")]);
        }

        return Money.ToMinor(amount, currency);
    }

    /// <summary>The limit as the form shows it: "15.00" for EUR, "1500" for JPY.</summary>
    public static string LimitText(long minor, string currency) =>
        Money.ToMajor(minor, currency).ToString("F" + Money.MinorDigits(currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string? Text(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The currency the chain-wide limit is typed in: the stores' one currency. A chain whose stores use several
    /// currencies gets "XXX" (ISO 4217 "no currency", two decimals) and should set each store's limit instead.
    /// </summary>
    public static string ChainCurrency(IEnumerable<string> storeCurrencies) =>
        storeCurrencies.Distinct().ToList() is [var only] ? only : "XXX";
}
