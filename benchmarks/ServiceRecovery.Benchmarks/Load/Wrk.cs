using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>
/// What wrk sends in one scenario (decision 0054): a fixed path, or a Lua <c>request()</c> that builds each request
/// (a random case, a POST with a fresh one-time key), with the signed-in session's cookies, kept up to date from the
/// answers' Set-Cookie as a browser keeps them. Every answer is checked against <c>ExpectedStatus</c> (and, for a
/// redirect, the start of its Location): a session that was signed out would otherwise count its 302s to the sign-in
/// page as served pages. Each wrk process gets a Lua global <c>run</c>, a random 24-character Guid prefix of its own,
/// for one-time keys that no other process (the warm-up included) repeats. <c>Created</c>, for a plan that creates
/// records, says how many exist now: each wrk run must create one per answer it counted (a few more at most: requests
/// cut off at the end may have committed), else the difference counts as errors.
/// </summary>
internal sealed record WrkPlan(string Cookie, string Path, int ExpectedStatus, string? RequestLua = null, string? LocationPrefix = null, Func<Task<long>>? Created = null);

/// <summary>
/// Runs a scenario with wrk (Debian's package, <c>apt-get install wrk</c>) instead of the harness's HttpClient: a C load
/// generator whose own CPU per request is a fraction of .NET's, so more of the two cores are left to the app. Same
/// closed loop (each of <c>concurrency</c> connections sends its next request when the answer arrives), same warm-up and
/// duration, same app measurements (CPU, working set, "database is locked" lines). Latencies are wrk's own histogram.
/// </summary>
internal static partial class Wrk
{
    /// <summary>wrk's version line, or null when it is not installed.</summary>
    public static async Task<string?> VersionAsync()
    {
        try
        {
            var (output, errors, _) = await Machine.RunAsync("wrk", ["--version"]);
            return (output + errors).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Split(" Copyright", 2)[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public static async Task<Measured> RunAsync(WrkPlan plan, int concurrency, TimeSpan warmup, TimeSpan duration, AppProcess app, string version)
    {
        if (warmup > TimeSpan.Zero)
        {
            await RunWrkAsync(plan, concurrency, warmup);
        }

        var lockedBefore = app.LockedLines;
        var createdBefore = plan.Created is null ? 0 : await plan.Created();
        await using var sampler = WorkingSetSampler.Start(app);
        var cpuBefore = app.CpuTime();
        var (output, clientCpu) = await RunWrkAsync(plan, concurrency, duration);
        var cpu = app.CpuTime() - cpuBefore;
        var peak = await sampler.StopAsync();
        var created = plan.Created is null ? (long?)null : await plan.Created() - createdBefore;

        var result = Result().Match(output);
        if (!result.Success)
        {
            throw new InvalidOperationException("wrk printed no result line:\n" + output);
        }

        long Value(string name) => long.Parse(result.Groups[name].Value, CultureInfo.InvariantCulture);
        var unexpected = Value("unexpected");
        var socket = Value("socket");
        var first = FirstError().Match(output) is { Success: true } f && f.Groups[1].Value.Length > 0 ? "answered " + f.Groups[1].Value.Trim() : null;
        var answered = Value("count") - unexpected;
        var missing = created is { } c && (c < answered || c > answered + concurrency) ? Math.Abs(answered - c) : 0;
        if (missing > 0)
        {
            first ??= $"{answered:N0} answers, {created:N0} records created";
        }

        return new Measured(
            concurrency,
            Value("duration") / 1e6,
            (int)Value("count"),
            (int)(unexpected + socket + missing),
            Value("p50") / 1000.0,
            Value("p99") / 1000.0,
            Value("max") / 1000.0,
            first ?? (socket > 0 ? $"{socket} socket errors (connect, read, write, timeout)" : null),
            peak,
            app.LockedLines - lockedBefore,
            Machine.LoadAverage(),
            cpu.TotalSeconds,
            clientCpu.TotalSeconds) { Generator = version };
    }

    /// <summary>A Lua string literal.</summary>
    public static string Lua(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";

    private static string Script(WrkPlan plan)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"run = {Lua(Guid.NewGuid().ToString("D")[..24])}");
        text.AppendLine(CultureInfo.InvariantCulture, $"local expected = {plan.ExpectedStatus}");
        text.AppendLine(CultureInfo.InvariantCulture, $"local prefix = {(plan.LocationPrefix is null ? "nil" : Lua(plan.LocationPrefix))}");
        text.AppendLine("""
            local threads = {}
            local next_id = 0

            function setup(thread)
              thread:set("id", next_id)
              next_id = next_id + 1
              table.insert(threads, thread)
            end

            -- The session's cookies, kept as a browser keeps them: the app re-issues the sign-in cookie when it has
            -- checked the account again (every minute: Security:SecurityStampValidationInterval), and a client that sent
            -- the old one would make the app check the account on every request.
            local cookies = {}
            local names = {}

            function init(args)
              unexpected = 0
              first = ""
              counter = 0
              math.randomseed(os.time() * 1000 + id)
              for name, value in string.gmatch(wrk.headers["Cookie"] or "", "([^=; ]+)=([^;]*)") do
                if cookies[name] == nil then table.insert(names, name) end
                cookies[name] = value
              end
            end

            local function remember(set_cookie)
              local name, value = string.match(set_cookie, "^%s*([^=;]+)=([^;]*)")
              if name == nil or cookies[name] == value then return end
              if cookies[name] == nil then table.insert(names, name) end
              cookies[name] = value
              local parts = {}
              for _, n in ipairs(names) do table.insert(parts, n .. "=" .. cookies[n]) end
              wrk.headers["Cookie"] = table.concat(parts, "; ")
            end

            function response(status, headers, body)
              local set_cookie = headers["Set-Cookie"] or headers["set-cookie"]
              if set_cookie ~= nil then remember(set_cookie) end
              local location = headers["Location"] or headers["location"] or ""
              if status ~= expected or (prefix ~= nil and string.sub(location, 1, #prefix) ~= prefix) then
                unexpected = unexpected + 1
                if first == "" then first = status .. " " .. location end
              end
            end

            function done(summary, latency, requests)
              local n, f = 0, ""
              for _, t in ipairs(threads) do
                n = n + t:get("unexpected")
                local x = t:get("first")
                if x ~= "" then f = x end
              end
              local e = summary.errors
              io.write(string.format("WRKRESULT count=%d duration=%d p50=%d p99=%d max=%d unexpected=%d socket=%d\n",
                summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max, n,
                e.connect + e.read + e.write + e.timeout))
              io.write("WRKFIRST " .. f .. "\n")
            end
            """);
        // Every request is formatted afresh, so it carries the cookies as they are now (wrk would otherwise format the
        // first request once and send it again and again).
        text.AppendLine(plan.RequestLua ?? "function request() return wrk.format() end");

        return text.ToString();
    }

    /// <summary>
    /// wrk for <paramref name="length"/>, two threads (one a core), with a script of its own (so its own key prefix), and
    /// its CPU time (user + system, from the shell's <c>times</c>).
    /// </summary>
    private static async Task<(string Output, TimeSpan Cpu)> RunWrkAsync(WrkPlan plan, int connections, TimeSpan length)
    {
        var script = Path.Combine(Path.GetTempPath(), $"servicerecovery-wrk-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(plan));
        var threads = Math.Min(Environment.ProcessorCount, connections);
        string[] wrk =
        [
            "wrk", "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", ((int)Math.Ceiling(length.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s", "--timeout", "30s",
            "-s", script, "-H", "Cookie: " + plan.Cookie, plan.Path,
        ];
        (string Output, string Errors, int ExitCode) ran;
        try
        {
            ran = await Machine.RunAsync("bash", ["-c", "\"$@\"; status=$?; times; exit $status", "wrk", .. wrk]);
        }
        finally
        {
            File.Delete(script);
        }

        var output = ran.Output + ran.Errors;
        if (ran.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {ran.ExitCode}:\n{output}");
        }

        // `times` prints the shell's own user and system time, then its children's: the last line is wrk's.
        var children = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => Times().Match(l.Trim())).LastOrDefault(m => m.Success)
            ?? throw new InvalidOperationException("No CPU times after wrk:\n" + output);

        static TimeSpan Span(Match m, int at) =>
            TimeSpan.FromMinutes(int.Parse(m.Groups[at].Value, CultureInfo.InvariantCulture)) + TimeSpan.FromSeconds(double.Parse(m.Groups[at + 1].Value, CultureInfo.InvariantCulture));
        return (output, Span(children, 1) + Span(children, 3));
    }

    [GeneratedRegex(@"WRKRESULT count=(?<count>\d+) duration=(?<duration>\d+) p50=(?<p50>\d+) p99=(?<p99>\d+) max=(?<max>\d+) unexpected=(?<unexpected>\d+) socket=(?<socket>\d+)")]
    private static partial Regex Result();

    [GeneratedRegex(@"WRKFIRST ?(.*)")]
    private static partial Regex FirstError();

    [GeneratedRegex(@"^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$")]
    private static partial Regex Times();
}
