using System.Net;
using System.Text;
using System.Text.Json;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Tests.Infrastructure;
using ServiceRecovery.Web.Tests.Pages.Queue;
using static ServiceRecovery.Web.Tests.Pages.Dashboard.DashboardSteps;

namespace ServiceRecovery.Web.Tests.Pages.Dashboard;

/// <summary>The page: whole chain over two time zones, the sortable store table, charts as tables, CSV files, and who may see what.</summary>
public sealed class DashboardPageTests(AppFactory factory) : AppTestBase(factory)
{
    private async Task<(int Prague, int NewYork, HttpClient Manager)> ChainAsync()
    {
        var prague = await Factory.NewStoreAsync("Alpha", "Europe/Prague");
        var newYork = await Factory.NewStoreAsync("Bravo", "America/New_York");

        // Each store's own local week: 2026-W10 ends Sun 8 March 24:00 local.
        await Factory.CaseAtAsync(prague, Utc("2026-03-08T22:30:00Z"), FailureType.Quality); // Prague Sun 23:30: W10
        await Factory.CaseAtAsync(prague, Utc("2026-03-08T23:30:00Z"), FailureType.Quality); // Prague Mon 00:30: W11
        await Factory.CaseAtAsync(newYork, Utc("2026-03-09T03:00:00Z"), FailureType.WrongOrder, then: c => c.Give(CompensationKind.Refund, 1234, Utc("2026-03-09T03:05:00Z"))); // New York Sun 23:00 EDT: W10
        await Factory.CaseAtAsync(newYork, Utc("2026-03-04T12:00:00Z"), FailureType.WrongOrder); // W10
        var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Chain manager", Roles.Manager, prague, newYork));
        return (prague, newYork, manager);
    }

    private static List<string> StoreOrder(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelectorAll("#store-table tbody tr").Select(r => r.QuerySelector("th")!.TextContent.Trim()).ToList();

    [Fact]
    public async Task The_whole_chain_counts_each_store_in_its_own_local_week()
    {
        var (prague, newYork, manager) = await ChainAsync();
        using var _ = manager;

        var page = await manager.GetDocumentAsync("/Dashboard?week=2026-W10");

        Assert.Equal("3", page.QuerySelector("#kpi-failures")!.TextContent.Trim());
        Assert.Equal("3", page.QuerySelector("#kpi-table tr[data-kpi='failures'] td")!.GetAttribute("data-value"));
        Assert.Equal("12.34", page.QuerySelector("#kpi-table tr[data-kpi='cost-EUR'] td")!.GetAttribute("data-value"));
        Assert.Equal("2", page.QuerySelector("#by-type tr[data-key='Wrong order'] td")!.TextContent.Trim());
        Assert.Equal(["2", "1"], page.QuerySelectorAll("#store-table tbody tr td:first-of-type").Select(td => td.TextContent.Trim()));
        Assert.Equal(newYork.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("#store-table tbody tr")!.GetAttribute("data-store-id"));
        Assert.Equal(2, page.QuerySelectorAll("#pick-store option[value]:not([value=''])").Length);
        Assert.Contains(prague.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelectorAll("#pick-store option").Select(o => o.GetAttribute("value")));
    }

    [Fact]
    public async Task The_store_table_sorts_by_the_column_in_the_query_string()
    {
        var (_, _, manager) = await ChainAsync();
        using var _manager = manager;

        var byFailures = StoreOrder(await manager.GetDocumentAsync("/Dashboard?week=2026-W10&sort=Failures"));
        var byFailuresUp = StoreOrder(await manager.GetDocumentAsync("/Dashboard?week=2026-W10&sort=Failures&dir=asc"));
        var byName = StoreOrder(await manager.GetDocumentAsync("/Dashboard?week=2026-W10&sort=Store&dir=asc"));

        Assert.StartsWith("Bravo", byFailures[0], StringComparison.Ordinal);
        Assert.StartsWith("Alpha", byFailuresUp[0], StringComparison.Ordinal);
        Assert.StartsWith("Alpha", byName[0], StringComparison.Ordinal);
        var page = await manager.GetDocumentAsync("/Dashboard?week=2026-W10&sort=Failures");
        var header = page.QuerySelector("#store-table th[aria-sort] a")!;
        Assert.Equal("Failures", header.GetAttribute("data-sort"));
        Assert.Contains("dir=asc", header.GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_charts_read_their_numbers_from_a_json_block_that_the_trend_table_also_shows()
    {
        var (_, _, manager) = await ChainAsync();
        using var _manager = manager;

        var response = await manager.GetAsync(new Uri("/Dashboard?week=2026-W10", UriKind.Relative));
        var page = await HtmlForms.ParseAsync(response);

        using var json = JsonDocument.Parse(page.QuerySelector("script#dashboard-data[type='application/json']")!.TextContent);
        var trend = json.RootElement.GetProperty("trend");
        Assert.Equal(12, trend.GetProperty("weeks").GetArrayLength());
        Assert.Equal("2026-W10", trend.GetProperty("weeks")[11].GetString());
        Assert.Equal(3, trend.GetProperty("failures")[11].GetInt32());
        Assert.Equal("3", page.QuerySelector("#trend-table tr[data-week='2026-W10'] td")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("script[src^='/lib/chart.js/chart.umd.min.js']"));
        Assert.Empty(page.QuerySelectorAll("script:not([src]):not([type='application/json'])"));
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cases_csv_is_an_attachment_in_utf8_with_bom_iso_dates_and_money_in_major_units()
    {
        var (_, newYork, manager) = await ChainAsync();
        using var _manager = manager;

        var response = await manager.GetAsync(new Uri($"/Dashboard?handler=CasesCsv&week=2026-W10&store={newYork}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"servicerecovery-cases-2026-W10-store{newYork}.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("Week,CaseId,Store,LoggedAtUtc,LoggedAtLocal,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",2026-03-04T12:00:00Z,2026-03-04T07:00:00,Counter,WrongOrder,Minor,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",0.00,0.00,EUR", lines[1], StringComparison.Ordinal);
        Assert.Contains(",2026-03-09T03:00:00Z,2026-03-08T23:00:00,", lines[2], StringComparison.Ordinal);
        Assert.EndsWith(",yes,,,,12.34,0.00,EUR", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cases_csv_rows_carry_the_standing_resolution_and_none_after_a_reopen()
    {
        var store = await Factory.NewStoreAsync("Csv outcomes", "Europe/London");
        var at = Utc("2026-03-03T10:00:00Z");
        void Resolved(RecoveryCase c, ResolutionOutcome outcome)
        {
            c.Apologise(at.AddMinutes(5));
            c.FollowUp(at.AddMinutes(30), outcome == ResolutionOutcome.Lost ? CustomerOutcome.Dissatisfied : CustomerOutcome.Satisfied);
            c.Resolve(at.AddHours(1), outcome, outcome == ResolutionOutcome.Lost ? RootCause.PerceptionGap : RootCause.ProcessError, ServiceDimension.Empathy);
        }

        var wonBack = await Factory.CaseAtAsync(store, at, then: c => Resolved(c, ResolutionOutcome.WonBack));
        var lost = await Factory.CaseAtAsync(store, at.AddMinutes(1), then: c => Resolved(c, ResolutionOutcome.Lost));
        var reopened = await Factory.CaseAtAsync(store, at.AddMinutes(2), then: c =>
        {
            Resolved(c, ResolutionOutcome.WonBack);
            c.Reopen("Came back", "Test manager", at.AddHours(2));
        });

        var rows = (await Factory.SendAsync(new WeekCases.Query(new IsoWeek(2026, 10), store))).Rows.ToDictionary(r => r.Id);

        Assert.Equal((false, ResolutionOutcome.WonBack, RootCause.ProcessError, ServiceDimension.Empathy), Facts(rows[wonBack]));
        Assert.Equal((false, ResolutionOutcome.Lost, RootCause.PerceptionGap, ServiceDimension.Empathy), Facts(rows[lost]));
        Assert.Equal((true, (ResolutionOutcome?)null, (RootCause?)null, (ServiceDimension?)null), Facts(rows[reopened]));
        static (bool, ResolutionOutcome?, RootCause?, ServiceDimension?) Facts(WeekCases.Row row) => (row.Open, row.Outcome, row.RootCause, row.Dimension);
    }

    [Fact]
    public async Task The_kpi_csv_has_each_figure_with_the_week_before_and_the_change()
    {
        var (prague, _, manager) = await ChainAsync();
        using var _manager = manager;

        var response = await manager.GetAsync(new Uri($"/Dashboard?handler=KpisCsv&week=2026-W11&store={prague}", UriKind.Relative));

        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Kpi,Unit,Currency,2026-W11,2026-W10,Change", lines[0]);
        Assert.Contains("Failures logged,cases,,1,1,0", lines);
        Assert.Contains("Compensation cost,EUR,EUR,0.00,0.00,0.00", lines);
    }

    [Fact]
    public async Task A_manager_sees_only_their_stores_and_another_store_is_not_found()
    {
        var (prague, newYork, manager) = await ChainAsync();
        using var _manager = manager;
        using var other = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Other manager", Roles.Manager, await Factory.NewStoreAsync("Charlie")));

        var page = await other.GetDocumentAsync("/Dashboard?week=2026-W10");

        Assert.Equal("0", page.QuerySelector("#kpi-failures")!.TextContent.Trim());
        Assert.Single(page.QuerySelectorAll("#store-table tbody tr"));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/Dashboard?store={prague}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/Dashboard?handler=CasesCsv&store={newYork}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/Dashboard?handler=KpisCsv&store={newYork}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(new Uri($"/Dashboard?store={prague}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_cashier_gets_no_dashboard_and_no_link_to_it()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);

        var response = await cashier.GetAsync(new Uri("/Dashboard", UriKind.Relative));
        var today = await cashier.GetDocumentAsync("/Today");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Null(today.QuerySelector("#nav-dashboard"));
        var owner = await Client.GetDocumentAsync("/Today");
        Assert.Equal("/Dashboard", owner.QuerySelector("#nav-dashboard")!.GetAttribute("href"));
        var cashierLogin = await Factory.StandardStaffAsync(Roles.Cashier);
        await Assert.ThrowsAsync<ServiceRecovery.Web.Infrastructure.Auth.ForbiddenException>(() =>
            Factory.SendAsync(new ServiceRecovery.Web.Pages.Dashboard.WeeklyDashboard.Query(), cashierLogin));
    }

    [Fact]
    public async Task A_week_that_does_not_exist_falls_back_to_the_last_complete_week_with_a_message()
    {
        var page = await Client.GetDocumentAsync("/Dashboard?week=2025-W53");

        Assert.NotNull(page.QuerySelector("#bad-week"));
        Assert.Equal("2026-W10", page.QuerySelector("#dashboard-week")!.TextContent.Trim());
        Assert.Contains("week=2026-W11", page.QuerySelector("#this-week")!.GetAttribute("href"), StringComparison.Ordinal);
    }
}
