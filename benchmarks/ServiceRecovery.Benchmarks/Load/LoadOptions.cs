using System.Globalization;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>The load benchmark's command line (see the benchmarks README, "Load benchmark").</summary>
internal sealed record LoadOptions(
    int Cases,
    int Weeks,
    int DurationSeconds,
    int WarmupSeconds,
    int Concurrency,
    int Writers,
    int DeepPage,
    string WorkDirectory,
    bool Reuse,
    IReadOnlySet<string>? Only,
    IReadOnlyList<KeyValuePair<string, string>> AppEnvironment,
    string? Label,
    bool WriteDocs,
    bool Raw,
    bool UseWrk)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

        var cases = Number("--cases", 1_000_000);
        var weeks = LargeDatabase.Weeks(args, cases);
        var environment = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length - 1; i++)
        {
            if (args[i] == "--app-env" && args[i + 1].Split('=', 2) is [var key, var value])
            {
                environment.Add(new(key, value));
            }
        }

        return new LoadOptions(
            cases,
            weeks,
            Number("--duration", 20),
            Number("--warmup", 20),
            Number("--concurrency", 16),
            Number("--writers", 64),
            Number("--deep-page", 200),
            Path.GetFullPath(Value("--dir") ?? Path.Combine(Path.GetTempPath(), weeks == 156 ? $"servicerecovery-load-{cases}" : $"servicerecovery-load-{cases}-{weeks}w")),
            args.Contains("--reuse"),
            Value("--only") is { } only ? only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase) : null,
            environment,
            Value("--label"),
            !args.Contains("--no-docs"),
            !args.Contains("--no-raw"),
            (Value("--generator") ?? "httpclient") switch
            {
                "wrk" => true,
                "httpclient" => false,
                var other => throw new ArgumentException($"--generator {other}: use wrk or httpclient"),
            });
    }

    public bool Runs(string scenario) => Only is null || Only.Contains(scenario);
}
