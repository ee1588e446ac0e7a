using System.Globalization;

namespace ServiceRecovery.Web.Data.Demo;

/// <summary>
/// A store as the generator sees it. <paramref name="Quality"/> (0–1) drives how fast staff apologise and follow up and
/// how often customers are won back; <paramref name="Busyness"/> how many failures the store logs relative to the others.
/// </summary>
public sealed record StoreProfile(string Name, string TimeZoneId, string Currency, double Quality, double Busyness);

/// <summary>A demo-only account. The passwords are public (README) and only ever seeded on request.</summary>
public sealed record DemoAccount(string Email, string DisplayName, string Role, string Password, IReadOnlyList<string> StoreNames);

/// <summary>The demo chain: four stores in two time zones, and staff in every role.</summary>
public static class DemoChain
{
    public const string OwnerPassword = "demo-owner-password";
    public const string ManagerPassword = "demo-manager-password";
    public const string CashierPassword = "demo-cashier-password";

    public const string Prague = "Demo Prague Old Town";
    public const string Brno = "Demo Brno Centre";
    public const string London = "Demo London Soho";
    public const string Manchester = "Demo Manchester Piccadilly";

    /// <summary>Some stores are better than others, so the dashboard has a story: Prague and Soho recover well, Manchester does not.</summary>
    public static readonly IReadOnlyList<StoreProfile> Stores =
    [
        new(Prague, "Europe/Prague", "EUR", Quality: 0.92, Busyness: 1.3),
        new(Brno, "Europe/Prague", "EUR", Quality: 0.6, Busyness: 0.8),
        new(London, "Europe/London", "GBP", Quality: 0.8, Busyness: 1.2),
        new(Manchester, "Europe/London", "GBP", Quality: 0.3, Busyness: 0.9),
    ];

    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("owner@demo.example", "Olga Owner", Domain.Roles.Owner, OwnerPassword, []),
        new("petra.manager@demo.example", "Petra Novakova", Domain.Roles.Manager, ManagerPassword, [Prague, Brno]),
        new("tomas.manager@demo.example", "Tomas Dvorak", Domain.Roles.Manager, ManagerPassword, [Brno]),
        new("sarah.manager@demo.example", "Sarah Hughes", Domain.Roles.Manager, ManagerPassword, [London]),
        new("james.manager@demo.example", "James Walker", Domain.Roles.Manager, ManagerPassword, [Manchester]),
        new("jana.cashier@demo.example", "Jana Svobodova", Domain.Roles.Cashier, CashierPassword, [Prague]),
        new("lukas.cashier@demo.example", "Lukas Cerny", Domain.Roles.Cashier, CashierPassword, [Prague]),
        new("eva.cashier@demo.example", "Eva Horakova", Domain.Roles.Cashier, CashierPassword, [Brno]),
        new("martin.cashier@demo.example", "Martin Kral", Domain.Roles.Cashier, CashierPassword, [Brno, Prague]),
        new("amy.cashier@demo.example", "Amy Clarke", Domain.Roles.Cashier, CashierPassword, [London]),
        new("ben.cashier@demo.example", "Ben Taylor", Domain.Roles.Cashier, CashierPassword, [London]),
        new("chloe.cashier@demo.example", "Chloe Evans", Domain.Roles.Cashier, CashierPassword, [Manchester]),
        new("dan.cashier@demo.example", "Dan Roberts", Domain.Roles.Cashier, CashierPassword, [Manchester]),
    ];

    /// <summary>A larger chain for benchmarks: "Store 01"… in Prague (EUR) and London (GBP), of varied quality.</summary>
    public static IReadOnlyList<StoreProfile> BenchStores(int count) =>
        Enumerable.Range(1, count)
            .Select(i => new StoreProfile(
                string.Create(CultureInfo.InvariantCulture, $"Store {i:00}"),
                i % 4 == 0 ? "Europe/London" : "Europe/Prague",
                i % 4 == 0 ? "GBP" : "EUR",
                Quality: 0.25 + (i * 37 % 70 / 100.0),
                Busyness: 0.7 + (i * 53 % 60 / 100.0)))
            .ToList();
}
