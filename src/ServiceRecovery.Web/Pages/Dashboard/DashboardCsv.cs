using System.Globalization;
using CsvHelper;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// The dashboard's CSV files: comma-separated, invariant culture (a "." decimal point), ISO 8601 dates, money in
/// major units beside its currency code, UTF-8 with a byte-order mark so spreadsheets read accents correctly.
/// </summary>
public static class DashboardCsv
{
    private const string IsoUtc = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private static readonly string[] CaseHeaders =
    [
        "Week", "CaseId", "Store", "LoggedAtUtc", "LoggedAtLocal", "Channel", "FailureType", "Severity", "ApologisedAtUtc",
        "FollowedUpAtUtc", "Open", "Outcome", "RootCause", "ServiceDimension", "CompensationCost", "CompensationPending", "Currency"
    ];

    /// <summary>A store name starting with "=" must not become a formula in the accountant's spreadsheet.</summary>
    private static readonly CsvWriterOptions Options = new() { WriteByteOrderMark = true, Injection = CsvInjection.Escape };

    public static byte[] Cases(WeekCases.Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Write(csv =>
        {
            foreach (var header in CaseHeaders)
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var r in model.Rows)
            {
                csv.WriteField(model.Week.ToString());
                csv.WriteField(r.Id.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(r.Store);
                csv.WriteField(r.LoggedAt.ToString(IsoUtc, CultureInfo.InvariantCulture));
                csv.WriteField(r.LoggedAtLocal.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
                csv.WriteField(r.Channel.ToString());
                csv.WriteField(r.FailureType.ToString());
                csv.WriteField(r.Severity.ToString());
                csv.WriteField(r.ApologisedAt?.ToString(IsoUtc, CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(r.FollowedUpAt?.ToString(IsoUtc, CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(r.Open ? "yes" : "no");
                csv.WriteField(r.Outcome?.ToString() ?? string.Empty);
                csv.WriteField(r.RootCause?.ToString() ?? string.Empty);
                csv.WriteField(r.Dimension?.ToString() ?? string.Empty);
                csv.WriteField(MajorText(r.CostMinor, r.Currency));
                csv.WriteField(MajorText(r.PendingMinor, r.Currency));
                csv.WriteField(r.Currency);
                csv.EndRecord();
            }
        });
    }

    public static byte[] Kpis(WeeklyDashboard.Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Write(csv =>
        {
            foreach (var header in new[] { "Kpi", "Unit", "Currency", model.Week.ToString(), model.Week.Previous.ToString(), "Change" })
            {
                csv.WriteField(header);
            }

            csv.EndRecord();
            foreach (var kpi in model.Kpis)
            {
                csv.WriteField(kpi.Name);
                csv.WriteField(kpi.Unit);
                csv.WriteField(kpi.Currency ?? string.Empty);
                csv.WriteField(Number(kpi.ThisWeek));
                csv.WriteField(Number(kpi.PreviousWeek));
                csv.WriteField(Number(kpi.Change));
                csv.EndRecord();
            }
        });
    }

    public static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string MajorText(long minor, string currency) =>
        Money.ToMajor(minor, currency).ToString("F" + Money.MinorDigits(currency), CultureInfo.InvariantCulture);

    private static byte[] Write(Action<CsvWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var csv = CsvWriter.Create(buffer, Options, leaveOpen: true))
        {
            write(csv);
            csv.Flush();
        }

        return buffer.ToArray();
    }
}
