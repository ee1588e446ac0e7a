using System.Globalization;
using System.Text;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Pages.Dashboard;

/// <summary>Which stored duration of a case a median is about.</summary>
public enum CaseTime
{
    Apology = 1,
    FollowUp = 2,
}

/// <summary>
/// The dashboard's medians (decisions 0049 and 0051): each one is the middle value or two of a week's times in order, read
/// by a walk along a partial index on (week, time[, store]) or (week, store, time) to the rank the rollup's counts give.
/// Every median of a page is one statement — an <c>ORDER BY … LIMIT … OFFSET</c> per slice, joined by UNION ALL — sent
/// straight through the context's open connection and read snapshot: the statement's shape changes with the stores in
/// view, so EF would build, funcletize and look up a tree of up to 34 subqueries on every page, which cost more CPU than
/// SQLite's walks (decision 0051).
/// </summary>
public static class MiddleTimes
{
    /// <summary>
    /// Up to <paramref name="Take"/> of one week's times in order, after the first <paramref name="Skip"/>, filed under
    /// <paramref name="Key"/>: the cases of stored week <paramref name="Week"/> (<see cref="DashboardRollup.WeekColumn"/>)
    /// at <paramref name="Stores"/> (null: every store), whose <paramref name="Time"/> is known.
    /// </summary>
    public sealed record Slice(string Key, CaseTime Time, int Week, IReadOnlyList<int>? Stores, int Skip, int Take);

    /// <summary>The read that gives the median of <paramref name="count"/> values: the middle one or two in order.</summary>
    public static IReadOnlyList<Slice> Middle(string key, CaseTime time, IsoWeek week, IReadOnlyList<int>? stores, int count) =>
        count == 0 ? [] : [new Slice(key, time, DashboardRollup.WeekKey(week.Year, week.Week), stores, (count - 1) / 2, count % 2 == 1 ? 1 : 2)];

    /// <summary>Reads every slice in one statement; the values come back per key, in order.</summary>
    public static async Task<Dictionary<string, List<TimeSpan>>> ReadAsync(AppDbContext db, IReadOnlyList<Slice> slices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(slices);
        var values = new Dictionary<string, List<TimeSpan>>();
        if (slices.Count == 0)
        {
            return values;
        }

        var rows = new List<(int Part, long Ticks)>();
        await RawReads.ReadAsync(db, command => Sql(slices, command), reader => rows.Add((reader.GetInt32(0), reader.GetInt64(1))), cancellationToken);
        for (var i = 0; i < slices.Count; i++)
        {
            var mine = rows.Where(r => r.Part == i).Select(r => TimeSpan.FromTicks(r.Ticks)).Order();
            values[slices[i].Key] = [.. values.GetValueOrDefault(slices[i].Key, []), .. mine];
        }

        return values;
    }

    /// <summary>The statement: one subquery per slice, its values as parameters, the stores' ids as parameters too.</summary>
    private static string Sql(IReadOnlyList<Slice> slices, RawReads.Statement command)
    {
        var sql = new StringBuilder();
        for (var i = 0; i < slices.Count; i++)
        {
            var slice = slices[i];
            var column = slice.Time == CaseTime.Apology ? nameof(RecoveryCase.TimeToApology) : nameof(RecoveryCase.TimeToFollowUp);
            if (i > 0)
            {
                sql.Append(" UNION ALL ");
            }

            // The condition "time IS NOT NULL" is the partial indexes' own, so SQLite can use them.
            sql.Append(CultureInfo.InvariantCulture,
                $"SELECT * FROM (SELECT {i}, \"{column}\" FROM \"Cases\" WHERE \"{DashboardRollup.WeekColumn}\" = {command.Parameter($"$w{i}", slice.Week)}");
            if (slice.Stores is { } stores)
            {
                sql.Append(" AND \"StoreId\" IN (")
                    .AppendJoin(", ", stores.Select((id, j) => command.Parameter($"$s{i}_{j}", id)))
                    .Append(')');
            }

            sql.Append(CultureInfo.InvariantCulture,
                $" AND \"{column}\" IS NOT NULL ORDER BY \"{column}\" LIMIT {command.Parameter($"$t{i}", slice.Take)} OFFSET {command.Parameter($"$o{i}", slice.Skip)})");
        }

        return sql.ToString();
    }
}
