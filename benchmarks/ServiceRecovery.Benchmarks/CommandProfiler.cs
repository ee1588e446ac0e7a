using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceRecovery.Benchmarks;

/// <summary>
/// <c>--profile</c>: times every SQL command from execution to the reader's disposal (so reading the rows counts), keyed by
/// its text, and prints each command's median with its query plan. Shows which of a page's queries costs what.
/// </summary>
internal sealed class CommandProfiler : DbCommandInterceptor
{
    private readonly Dictionary<DbCommand, Stopwatch> _running = [];
    private readonly Dictionary<string, List<double>> _times = [];
    private readonly Dictionary<string, (int Order, DbCommand Example)> _seen = [];

    public bool Enabled { get; set; }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        lock (_running)
        {
            if (_running.Remove(command, out var watch))
            {
                var text = command.CommandText;
                if (!_times.TryGetValue(text, out var list))
                {
                    _times[text] = list = [];
                    _seen[text] = (_seen.Count, Clone(command));
                }

                list.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return result;
    }

    public void Reset()
    {
        lock (_running)
        {
            _running.Clear();
            _times.Clear();
            _seen.Clear();
        }
    }

    public void Report(string connectionString)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        foreach (var (text, (order, example)) in _seen.OrderBy(s => s.Value.Order))
        {
            var times = _times[text].Order().ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"--- query {order + 1}: p50 {times[times.Count / 2]:F1} ms, max {times[^1]:F1} ms, {times.Count} runs"));
            Console.WriteLine(text.Length > 1500 ? text[..1500] + " …" : text);
            using var plan = connection.CreateCommand();
            plan.CommandText = "EXPLAIN QUERY PLAN " + text;
            foreach (DbParameter parameter in example.Parameters)
            {
                plan.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value));
            }

            using var reader = plan.ExecuteReader();
            while (reader.Read())
            {
                Console.WriteLine("  PLAN " + reader.GetString(3));
            }
        }
    }

    private void Start(DbCommand command)
    {
        if (!Enabled)
        {
            return;
        }

        lock (_running)
        {
            _running[command] = Stopwatch.StartNew();
        }
    }

    private static SqliteCommand Clone(DbCommand command)
    {
        var copy = new SqliteCommand(command.CommandText);
        foreach (DbParameter parameter in command.Parameters)
        {
            copy.Parameters.Add(new SqliteParameter(parameter.ParameterName, parameter.Value));
        }

        return copy;
    }
}
