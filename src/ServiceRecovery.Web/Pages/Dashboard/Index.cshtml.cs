using System.Globalization;
using System.Text.Json;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Dashboard;

[Authorize(Roles = Roles.ManagerOrOwner)]
[EnableRateLimiting(ReportGate.Policy)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public WeeklyDashboard.Model Data { get; private set; } = null!;

    /// <summary>The tell-us cards' figures for the same week and stores (issue 6).</summary>
    public WeeklyCards.Model Cards { get; private set; } = null!;

    public WeeklyDashboard.SortBy Sort { get; private set; } = WeeklyDashboard.SortBy.Failures;

    public bool Descending { get; private set; } = true;

    /// <summary>True when the query string named a week that does not exist (the default week is shown instead).</summary>
    public bool BadWeek { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? week, int? store, WeeklyDashboard.SortBy? sort, string? dir, CancellationToken cancellationToken)
    {
        Sort = sort is { } s && Enum.IsDefined(s) ? s : WeeklyDashboard.SortBy.Failures;
        Descending = dir != "asc";
        BadWeek = !string.IsNullOrWhiteSpace(week) && ParseWeek(week) is null;
        try
        {
            Data = await mediator.Send(new WeeklyDashboard.Query(ParseWeek(week), store, Sort, Descending), cancellationToken);
            Cards = await mediator.Send(new WeeklyCards.Query(Data.Week, store), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }

    public async Task<IActionResult> OnGetCasesCsvAsync(string? week, int? store, CancellationToken cancellationToken)
    {
        try
        {
            var model = await mediator.Send(new WeekCases.Query(ParseWeek(week), store), cancellationToken);
            return File(DashboardCsv.Cases(model), "text/csv; charset=utf-8", FileName("cases", model.Week, store));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnGetKpisCsvAsync(string? week, int? store, CancellationToken cancellationToken)
    {
        try
        {
            var model = await mediator.Send(new WeeklyDashboard.Query(ParseWeek(week), store), cancellationToken);
            return File(DashboardCsv.Kpis(model), "text/csv; charset=utf-8", FileName("kpis", model.Week, store));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>The current view as query-string values, with changes.</summary>
    public Dictionary<string, string> Route(string? week = null, int? store = -1, WeeklyDashboard.SortBy? sort = null, bool? descending = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["week"] = week ?? Data.Week.ToString(),
            ["store"] = (store == -1 ? Data.Store : store)?.ToString(CultureInfo.InvariantCulture),
            ["sort"] = (sort ?? Sort).ToString(),
            ["dir"] = descending ?? Descending ? null : "asc",
        };
        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);
    }

    /// <summary>A column header's link: sorts by that column, descending first; a second click flips the direction.</summary>
    public Dictionary<string, string> SortRoute(WeeklyDashboard.SortBy column) =>
        Route(sort: column, descending: column == Sort ? !Descending : column != WeeklyDashboard.SortBy.Store);

    public string? AriaSort(WeeklyDashboard.SortBy column) => column == Sort ? (Descending ? "descending" : "ascending") : null;

    /// <summary>The numbers the charts draw, for wwwroot/js/dashboard.js (read from a non-executed JSON block).</summary>
    public string ChartJson()
    {
        var chart = new
        {
            trend = new
            {
                weeks = Data.Trend.Select(t => t.Week.ToString()).ToArray(),
                failures = Data.Trend.Select(t => t.Failures).ToArray(),
                wonBack = Data.Trend.Select(t => t.WonBackPercent).ToArray(),
                minutesToApology = Data.Trend.Select(t => t.MedianMinutesToApology).ToArray(),
            },
            types = new
            {
                labels = Data.ThisWeek.ByType.OrderByDescending(t => t.Value).Select(t => Labels.Of(t.Key)).ToArray(),
                counts = Data.ThisWeek.ByType.OrderByDescending(t => t.Value).Select(t => t.Value).ToArray(),
            },
        };

        // The default encoder escapes <, > and &, so nothing in the data can close the script element.
        return JsonSerializer.Serialize(chart);
    }

    public static string Show(decimal? value, string unit) => value is not { } v ? "—"
        : unit switch
        {
            "%" => v.ToString("0.#", CultureInfo.InvariantCulture) + " %",
            "min" => v.ToString("0.#", CultureInfo.InvariantCulture) + " min",
            "h" => v.ToString("0.#", CultureInfo.InvariantCulture) + " h",
            "cases" or "compensations" => v.ToString("0", CultureInfo.InvariantCulture),
            _ => unit + " " + v.ToString("N2", CultureInfo.InvariantCulture),
        };

    public static string ShowChange(decimal? change, string unit) => change is not { } c ? "—"
        : c == 0 ? "±0"
        : (c > 0 ? "+" : "−") + Show(Math.Abs(c), unit);

    public string StoreName(int id) => Data.Stores.FirstOrDefault(s => s.Id == id)?.Name ?? "?";

    private static IsoWeek? ParseWeek(string? week) => IsoWeek.TryParse(week, out var parsed) ? parsed : null;

    private static string FileName(string what, IsoWeek week, int? store) =>
        string.Create(CultureInfo.InvariantCulture, $"servicerecovery-{what}-{week}{(store is { } id ? $"-store{id}" : "-chain")}.csv");
}
