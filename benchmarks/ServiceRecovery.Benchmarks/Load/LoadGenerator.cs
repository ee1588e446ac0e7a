using System.Diagnostics;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>What one worker's step did: the latency of the measured request (ms) and whether it was the expected answer.</summary>
internal readonly record struct Step(double Milliseconds, bool Ok, string? Error = null);

/// <summary>The measured part of a scenario.</summary>
internal sealed record Measured(int Concurrency, double Seconds, int Count, int Errors, double P50, double P99, double Max, string? FirstError, long PeakWorkingSet, long LockedLines, string Load, double CpuSeconds, double ClientCpuSeconds)
{
    /// <summary>Which load generator drove it: null for the harness's own HttpClient, else wrk's version line.</summary>
    public string? Generator { get; init; }

    public double PerSecond => Count / Seconds;

    /// <summary>
    /// CPU time the serving process (the app; for the raw ceiling, this process) spent per request. Unlike req/s it
    /// hardly depends on what else the machine runs: 2 cores ÷ this is the most a quiet 2-core machine could serve
    /// if the load generator cost nothing.
    /// </summary>
    public double CpuMillisecondsPerRequest => Count == 0 ? double.NaN : CpuSeconds * 1000 / Count;

    /// <summary>
    /// CPU time the load generator (this process: HttpClient, TLS, reading the answers) spent per request while the app
    /// served it. It runs on the same two cores, so app + client CPU per request bounds what the machine can do.
    /// </summary>
    public double ClientCpuMillisecondsPerRequest => Count == 0 ? double.NaN : ClientCpuSeconds * 1000 / Count;
}

/// <summary>
/// A closed-loop load generator: <c>concurrency</c> workers each run their step again and again, first for the warm-up
/// (not recorded), then for the measured duration. Every step's latency is kept, so p50/p99 are exact. While it runs
/// the app's working set is sampled every 100 ms.
/// </summary>
internal static class LoadGenerator
{
    public static async Task<Measured> RunAsync(
        int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Func<CancellationToken, Task<Step>>> worker, AppProcess? app)
    {
        var steps = Enumerable.Range(0, concurrency).Select(worker).ToArray();
        await PhaseAsync(steps, warmup, record: false);

        var lockedBefore = app?.LockedLines ?? 0;
        await using var sampler = WorkingSetSampler.Start(app);
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var cpuBefore = app?.CpuTime() ?? clientBefore;
        var watch = Stopwatch.StartNew();
        var results = await PhaseAsync(steps, duration, record: true);
        var seconds = watch.Elapsed.TotalSeconds;
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime - clientBefore;
        var cpu = app is null ? clientCpu : app.CpuTime() - cpuBefore;
        var peak = await sampler.StopAsync();

        var all = results.SelectMany(r => r).ToList();
        var times = all.Select(s => s.Milliseconds).Order().ToArray();
        double P(double q) => times.Length == 0 ? double.NaN : times[Math.Min(times.Length - 1, Math.Max(0, (int)Math.Ceiling(q * times.Length) - 1))];
        return new Measured(
            concurrency,
            seconds,
            all.Count,
            all.Count(s => !s.Ok),
            P(0.50),
            P(0.99),
            times.Length == 0 ? double.NaN : times[^1],
            all.FirstOrDefault(s => !s.Ok).Error,
            peak,
            (app?.LockedLines ?? 0) - lockedBefore,
            Machine.LoadAverage(),
            cpu.TotalSeconds,
            app is null ? double.NaN : clientCpu.TotalSeconds);
    }

    /// <summary>Times one call of <paramref name="request"/> as a step; an exception counts as an error.</summary>
    /// <summary><paramref name="request"/> answers null when all went well, else what went wrong.</summary>
    public static async Task<Step> TimeAsync(Func<Task<string?>> request)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var error = await request();
            return new Step(Stopwatch.GetElapsedTime(start).TotalMilliseconds, error is null, error);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            return new Step(Stopwatch.GetElapsedTime(start).TotalMilliseconds, false, ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static async Task<List<Step>[]> PhaseAsync(Func<CancellationToken, Task<Step>>[] steps, TimeSpan length, bool record)
    {
        if (length <= TimeSpan.Zero)
        {
            return [.. steps.Select(_ => new List<Step>())];
        }

        var end = Stopwatch.GetTimestamp() + (long)(length.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(steps.Select(step => Task.Run(async () =>
        {
            var mine = new List<Step>(4096);
            while (Stopwatch.GetTimestamp() < end)
            {
                var result = await step(CancellationToken.None);
                if (record)
                {
                    mine.Add(result);
                }
            }

            return mine;
        })));
    }
}

/// <summary>The app's working set sampled every 100 ms while a scenario is measured; the highest sample is its peak.</summary>
internal sealed class WorkingSetSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<long> _sampling;

    private WorkingSetSampler(AppProcess? app) => _sampling = app is null ? Task.FromResult(0L) : Task.Run(async () =>
    {
        long peak = 0;
        while (!_stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, app.WorkingSet());
            try
            {
                await Task.Delay(100, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    });

    public static WorkingSetSampler Start(AppProcess? app) => new(app);

    /// <summary>Stops sampling; the peak working set seen (bytes; 0 without an app).</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        return await _sampling;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}
