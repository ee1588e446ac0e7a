using System.Globalization;
using System.Text;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>
/// Every rollup row the weekly dashboard needs (<see cref="DashboardFact"/>, decisions 0049 and 0051), read in one
/// statement through the context's open connection and read snapshot, for the stores in view:
/// <list type="bullet">
/// <item>the week's and the week before's rows of the kinds the page shows per store (the store table, the recurring
/// list, the costs);</item>
/// <item>the same two weeks' other kinds, summed over the stores (severity, channel, root cause, dimension);</item>
/// <item>how many apologies and follow-ups of each of the two weeks were within their store's targets: each minute or hour
/// bucket against its kind's limit, stores grouped by limit in a SQL <c>CASE</c> (a bucket b holds times up to b whole
/// units, so "time ≤ target" is exactly "bucket ≤ target in those units", whatever the targets are now);</item>
/// <item>the trend weeks' cases logged, apologised and resolved by outcome, summed over the stores.</item>
/// </list>
/// The rollup is this app's own table, written by hand-written SQL too (<see cref="DashboardRollup"/>); reading it the same
/// way spares the page EF's per-query work (building, funcletizing and looking up each tree) and per-row materialization,
/// which cost more CPU than SQLite's reads did (decision 0051).
/// </summary>
internal sealed class PageFacts
{
    /// <summary>The kinds read per store.</summary>
    private static readonly DashboardFactKind[] PerStoreKinds =
    [
        DashboardFactKind.Logged, DashboardFactKind.Apologised, DashboardFactKind.FollowedUp, DashboardFactKind.Open,
        DashboardFactKind.Outcome, DashboardFactKind.FailureType, DashboardFactKind.Compensation,
    ];

    /// <summary>The kinds read summed over the stores in view.</summary>
    private static readonly DashboardFactKind[] MarginalKinds =
        [DashboardFactKind.Severity, DashboardFactKind.Channel, DashboardFactKind.RootCause, DashboardFactKind.Dimension];

    /// <summary>The trend's kinds, summed over the stores in view.</summary>
    private static readonly DashboardFactKind[] TrendKinds = [DashboardFactKind.Logged, DashboardFactKind.Apologised, DashboardFactKind.Outcome];

    private enum Part
    {
        PerStore = 0,
        Marginal = 1,
        ApologiesWithin = 2,
        FollowUpsWithin = 3,
        Trend = 4,
    }

    private readonly Dictionary<int, List<Row>> _perStore = [];
    private readonly Dictionary<int, List<Row>> _marginal = [];
    private readonly Dictionary<int, List<Row>> _trend = [];
    private readonly Dictionary<int, int> _apologiesWithin = [];
    private readonly Dictionary<int, int> _followUpsWithin = [];

    /// <summary>One rollup row as the page reads it; summed rows have no store (0).</summary>
    public sealed record Row(DashboardFactKind Kind, int Value, int StoreId, int Cases, long Amount);

    public IReadOnlyList<Row> PerStore(IsoWeek week) => _perStore.GetValueOrDefault(Key(week)) ?? [];

    public IReadOnlyList<Row> Marginal(IsoWeek week) => _marginal.GetValueOrDefault(Key(week)) ?? [];

    public IReadOnlyList<Row> Trend(IsoWeek week) => _trend.GetValueOrDefault(Key(week)) ?? [];

    /// <summary>The cases of <paramref name="rows"/> of one kind (and value, when given).</summary>
    public static int Sum(IEnumerable<Row> rows, DashboardFactKind kind, int? value = null) =>
        rows.Where(r => r.Kind == kind && (value is null || r.Value == value)).Sum(r => r.Cases);

    public int ApologiesWithinTarget(IsoWeek week) => _apologiesWithin.GetValueOrDefault(Key(week));

    public int FollowUpsWithinTarget(IsoWeek week) => _followUpsWithin.GetValueOrDefault(Key(week));

    /// <summary>Reads the rows of <paramref name="weeks"/> (all figures) and <paramref name="trendWeeks"/> (the trend's counts).</summary>
    public static async Task<PageFacts> ReadAsync(
        AppDbContext db, IReadOnlyList<QueueStore> stores, IReadOnlyList<IsoWeek> weeks, IReadOnlyList<IsoWeek> trendWeeks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(stores);
        var facts = new PageFacts();
        if (stores.Count == 0)
        {
            return facts;
        }

        await RawReads.ReadAsync(db, command => Sql(command, stores, weeks, trendWeeks), reader =>
        {
            var week = reader.GetInt32(1);
            var row = new Row((DashboardFactKind)reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(2), reader.GetInt32(5), reader.GetInt64(6));
            switch ((Part)reader.GetInt32(0))
            {
                case Part.PerStore:
                    Add(facts._perStore, week, row);
                    break;
                case Part.Marginal:
                    Add(facts._marginal, week, row);
                    break;
                case Part.ApologiesWithin:
                    facts._apologiesWithin[week] = row.Cases;
                    break;
                case Part.FollowUpsWithin:
                    facts._followUpsWithin[week] = row.Cases;
                    break;
                default:
                    Add(facts._trend, week, row);
                    break;
            }
        }, cancellationToken);
        return facts;
    }

    private static int Key(IsoWeek week) => DashboardRollup.WeekKey(week.Year, week.Week);

    private static void Add(Dictionary<int, List<Row>> rows, int week, Row row)
    {
        if (!rows.TryGetValue(week, out var list))
        {
            rows[week] = list = [];
        }

        list.Add(row);
    }

    /// <summary>
    /// The statement: five parts joined by UNION ALL, each row tagged with its part, in the columns (part, week, store,
    /// kind, value, cases, amount). Weeks and stores are parameters; kinds and target limits are the app's own integers.
    /// Every part names its weeks, stores and kinds, so SQLite seeks the (week, store, kind, value) key for each.
    /// </summary>
    private static string Sql(RawReads.Statement command, IReadOnlyList<QueueStore> stores, IReadOnlyList<IsoWeek> weeks, IReadOnlyList<IsoWeek> trendWeeks)
    {
        var storeList = string.Join(", ", stores.Select((s, i) => command.Parameter($"$s{i}", s.Id)));
        var weekList = string.Join(", ", weeks.Select((w, i) => command.Parameter($"$w{i}", Key(w))));
        var trendList = string.Join(", ", trendWeeks.Select((w, i) => command.Parameter($"$t{i}", Key(w))));
        string Where(string weekParameters, IEnumerable<DashboardFactKind> kinds) =>
            $"FROM \"DashboardFacts\" WHERE \"Week\" IN ({weekParameters}) AND \"StoreId\" IN ({storeList}) AND \"Kind\" IN ({Numbers(kinds.Select(k => (int)k))})";

        var apologyLimits = Within(stores, DashboardRollup.ApologyKinds, (kind, targets) => DashboardRollup.MinuteOf(DashboardRollup.ApologyTarget(kind, targets)));
        var followUpLimits = Within(stores, DashboardRollup.FollowUpKinds, (kind, targets) => DashboardRollup.HourOf(DashboardRollup.FollowUpTarget(kind, targets)));
        var sql = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"SELECT {(int)Part.PerStore}, \"Week\", \"StoreId\", \"Kind\", \"Value\", \"Cases\", \"Amount\" {Where(weekList, PerStoreKinds)}")
            .Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT {(int)Part.Marginal}, \"Week\", 0, \"Kind\", \"Value\", SUM(\"Cases\"), 0 {Where(weekList, MarginalKinds)} GROUP BY \"Week\", \"Kind\", \"Value\"")
            .Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT {(int)Part.ApologiesWithin}, \"Week\", 0, 0, 0, SUM(CASE WHEN {apologyLimits} THEN \"Cases\" ELSE 0 END), 0 {Where(weekList, DashboardRollup.ApologyKinds)} GROUP BY \"Week\"")
            .Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT {(int)Part.FollowUpsWithin}, \"Week\", 0, 0, 0, SUM(CASE WHEN {followUpLimits} THEN \"Cases\" ELSE 0 END), 0 {Where(weekList, DashboardRollup.FollowUpKinds)} GROUP BY \"Week\"");
        if (trendWeeks.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $" UNION ALL SELECT {(int)Part.Trend}, \"Week\", 0, \"Kind\", \"Value\", SUM(\"Cases\"), 0 {Where(trendList, TrendKinds)} GROUP BY \"Week\", \"Kind\", \"Value\"");
        }

        return sql.ToString();
    }

    /// <summary>
    /// "This row's bucket is within its store's limit for its kind", as SQL:
    /// <c>("Kind" = k AND "Value" &lt;= CASE WHEN "StoreId" IN (…) THEN limit … ELSE limit END) OR …</c> — stores grouped by
    /// their limit, the largest group last (the ELSE), so the IN lists stay short.
    /// </summary>
    private static string Within(IReadOnlyList<QueueStore> stores, IReadOnlyList<DashboardFactKind> kinds, Func<DashboardFactKind, EffectiveTargets, int> limit)
    {
        var terms = new List<string>();
        foreach (var kind in kinds)
        {
            var groups = stores.GroupBy(s => limit(kind, s.Targets)).OrderBy(g => g.Count()).ThenBy(g => g.Key).ToList();
            var last = groups[^1].Key.ToString(CultureInfo.InvariantCulture);
            var bound = groups.Count == 1 ? last
                : "CASE" + string.Concat(groups.SkipLast(1).Select(g => string.Create(CultureInfo.InvariantCulture, $" WHEN \"StoreId\" IN ({Numbers(g.Select(s => s.Id))}) THEN {g.Key}")))
                    + " ELSE " + last + " END";
            terms.Add(string.Create(CultureInfo.InvariantCulture, $"(\"Kind\" = {(int)kind} AND \"Value\" <= {bound})"));
        }

        return "(" + string.Join(" OR ", terms) + ")";
    }

    private static string Numbers(IEnumerable<int> numbers) => string.Join(", ", numbers.Select(n => n.ToString(CultureInfo.InvariantCulture)));
}
