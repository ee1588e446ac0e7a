using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MediatR;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Cases;
using ServiceRecovery.Web.Pages.Dashboard;
using ServiceRecovery.Web.Pages.Queue;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>One measured scenario: the app over HTTP, and (where it has one) the raw ceiling of the same work.</summary>
internal sealed record Scenario(
    string Key, string Name, int Concurrency, Func<int, Func<CancellationToken, Task<Step>>> App, Func<int, Func<CancellationToken, Task<Step>>>? Raw,
    Func<int, Func<CancellationToken, Task<Step>>>? RawWithoutSync = null)
{
    /// <summary>The same requests for wrk (<c>--generator wrk</c>, decision 0054); null where only the HttpClient can drive it.</summary>
    public Func<Task<WrkPlan>>? Wrk { get; init; }
}

/// <summary>A measured scenario; <paramref name="RawWithoutSync"/> is the raw write again at synchronous = NORMAL (no fsync per commit), to price the fsync.</summary>
internal sealed record Row(Scenario Scenario, Measured App, Measured? Raw, Measured? RawWithoutSync = null);

/// <summary>
/// The load benchmark (issue 8): the app built in Release and run as a process on loopback with its own SQLite file,
/// filled with N cases by the demo generator's bulk path, staff signed in through the app's pages, then each hot path
/// under fixed concurrency for a fixed time — and beside it the same work straight through Microsoft.Data.Sqlite.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        var repository = FindRepository();
        var started = DateTime.UtcNow;
        var wrk = options.UseWrk
            ? await Wrk.VersionAsync() ?? throw new InvalidOperationException("--generator wrk: wrk is not installed (apt-get install wrk).")
            : null;
        Console.WriteLine($"Load benchmark, {started:yyyy-MM-dd HH:mm} UTC, {Machine.Describe()}, load average {Machine.LoadAverage()}");
        Console.WriteLine($"{options.Cases:N0} cases over {options.Weeks} weeks, {options.Concurrency} concurrent clients, {options.WarmupSeconds} s warm-up + {options.DurationSeconds} s per scenario, {options.Writers} writers for the lock check");
        await AppProcess.BuildAsync(repository);

        Directory.CreateDirectory(options.WorkDirectory);
        var database = Path.Combine(options.WorkDirectory, "servicerecovery.db");
        var connectionString = $"Data Source={database}";
        double? fillSeconds = null;
        if (!options.Reuse || !File.Exists(database))
        {
            foreach (var stale in new[] { "setup-code.txt", "app.log" })
            {
                File.Delete(Path.Combine(options.WorkDirectory, stale));
            }

            if (Directory.Exists(Path.Combine(options.WorkDirectory, "keys")))
            {
                Directory.Delete(Path.Combine(options.WorkDirectory, "keys"), recursive: true);
            }

            // The data ends now, so the app's default dashboard week (the last complete one) is full.
            var watch = Stopwatch.StartNew();
            var now = DateTime.UtcNow;
            await LargeDatabase.BuildAsync(database, connectionString, total: options.Cases, stores: 20, weeks: options.Weeks, stuckShare: 0.1, now: new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc));
            fillSeconds = watch.Elapsed.TotalSeconds;
        }

        // What the file holds now: a reused file also holds every case earlier runs' log scenarios created.
        var held = long.Parse(await RawSql.ScalarAsync(connectionString, "SELECT count(*) FROM \"Cases\""), CultureInfo.InvariantCulture);
        var open = long.Parse(await RawSql.ScalarAsync(connectionString, "SELECT count(*) FROM \"Cases\" WHERE \"IsOpen\""), CultureInfo.InvariantCulture);
        Console.WriteLine($"The file holds {held:N0} cases, {open:N0} of them open");

        var rows = new List<Row>();
        Measured? writers = null;
        long peakWorkingSet;
        string sqliteVersion;
        await using (var app = await AppProcess.StartAsync(repository, connectionString, Path.Combine(options.WorkDirectory, "app.log"), options.AppEnvironment))
        {
            using var http = Browser.CreateClient(app, Math.Max(options.Concurrency, options.Writers) + 8);
            var sessions = await StaffSetup.SignInAsync(http, options.WorkDirectory);
            sqliteVersion = await RawSql.ScalarAsync(connectionString, "SELECT sqlite_version()");
            var scenarios = await ScenariosAsync(options, connectionString, sessions, app.BaseAddress);

            foreach (var scenario in scenarios.Where(s => options.Runs(s.Key)))
            {
                Console.Write($"{scenario.Name} ... ");
                var measured = wrk is not null && scenario.Wrk is not null
                    ? await Wrk.RunAsync(await scenario.Wrk(), scenario.Concurrency, Seconds(options.WarmupSeconds), Seconds(options.DurationSeconds), app, wrk)
                    : await LoadGenerator.RunAsync(scenario.Concurrency, Seconds(options.WarmupSeconds), Seconds(options.DurationSeconds), scenario.App, app);
                var raw = scenario.Raw is null || !options.Raw ? null : await LoadGenerator.RunAsync(scenario.Concurrency, Seconds(Math.Min(3, options.WarmupSeconds)), Seconds(options.DurationSeconds), scenario.Raw, null);
                var rawWithoutSync = scenario.RawWithoutSync is null || !options.Raw ? null : await LoadGenerator.RunAsync(scenario.Concurrency, Seconds(Math.Min(3, options.WarmupSeconds)), Seconds(options.DurationSeconds), scenario.RawWithoutSync, null);
                rows.Add(new Row(scenario, measured, raw, rawWithoutSync));
                Console.WriteLine(Summary(measured) + (raw is null ? string.Empty : $" | raw {Summary(raw)}") + (rawWithoutSync is null ? string.Empty : $" | raw at NORMAL {Summary(rawWithoutSync)}"));
            }

            if (options.Runs("writers"))
            {
                Console.Write($"{options.Writers} concurrent writers (log a failure) ... ");
                writers = wrk is not null
                    ? await Wrk.RunAsync(await LogFailurePlanAsync(sessions.Cashier, app.BaseAddress, connectionString), options.Writers, Seconds(2), Seconds(Math.Max(5, options.DurationSeconds / 2)), app, wrk)
                    : await LoadGenerator.RunAsync(options.Writers, Seconds(2), Seconds(Math.Max(5, options.DurationSeconds / 2)), LogFailure(sessions.Cashier, formPerCase: false), app);
                Console.WriteLine(Summary(writers));
            }

            peakWorkingSet = app.PeakWorkingSet();
        }

        var report = Report(options, started, fillSeconds, (held, open), sqliteVersion, rows, writers, peakWorkingSet);
        Console.WriteLine();
        Console.WriteLine(report);
        if (options.WriteDocs)
        {
            var docs = Path.Combine(repository, "docs", "benchmarks.md");
            await File.WriteAllTextAsync(docs, WithBlock(File.Exists(docs) ? await File.ReadAllTextAsync(docs) : string.Empty, options, report));
            Console.WriteLine($"Written to {docs}");
        }
    }

    private static async Task<List<Scenario>> ScenariosAsync(LoadOptions options, string connectionString, Sessions sessions, Uri baseAddress)
    {
        // The queue's and dashboard's SQL, captured from the real handlers in this process (same file, same clock), for the raw ceiling.
        var recorder = new CommandRecorder();
        await using var provider = BenchServices.Build(connectionString, TimeProvider.System, recorder);

        Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, string role, int[]? stores) => provider.SendAsync(request, role, stores);

        async Task<List<CapturedCommand>> CaptureAsync(Func<Task> page)
        {
            recorder.Recording = [];
            await page();
            var captured = recorder.Recording;
            recorder.Recording = null;
            return captured;
        }

        // The app serves the queue's counts from its 5-second cache (decision 0028): the raw ceiling replays the page's
        // own statements only, as the app runs them between two recomputations (decision 0046; before, every raw request
        // also ran the counts' grouped query over all open cases).
        async Task QueuePageAsync(string role, int[]? stores, string? after)
        {
            var data = await SendAsync(new OpenRecoveries.Query(new QueueFilter(), after), role, stores);
            await SendAsync(new PendingApprovals.Query([.. data.Rows.Where(r => r.Next == NextStep.Approve).Select(r => r.Id)]), role, stores);
        }

        // Only what the chosen scenarios need is prepared (the deep cursor alone walks 200 pages).
        List<CapturedCommand> None() => [];

        // The deep page's cursor: walk the owner's queue (25 rows a page) as the "next" links would.
        string? deep = null;
        if (options.Runs("queue-deep"))
        {
            var watch = Stopwatch.StartNew();
            for (var page = 1; page < options.DeepPage; page++)
            {
                deep = (await SendAsync(new OpenRecoveries.Query(new QueueFilter(), deep), Roles.Owner, null)).NextAfter ?? deep;
            }

            Console.WriteLine($"Cursor of queue page {options.DeepPage} found ({watch.Elapsed.TotalSeconds:F0} s)");
        }

        var deepQuery = "/Queue?after=" + Uri.EscapeDataString(deep ?? string.Empty);
        var ownerQueue = options.Runs("queue") ? await CaptureAsync(() => QueuePageAsync(Roles.Owner, null, null)) : None();
        var managerQueue = options.Runs("queue-manager") ? await CaptureAsync(() => QueuePageAsync(Roles.Manager, [1, 2], null)) : None();
        var deepQueue = options.Runs("queue-deep") ? await CaptureAsync(() => QueuePageAsync(Roles.Owner, null, deep)) : None();
        var chain = options.Runs("dashboard") ? await CaptureAsync(() => SendAsync(new WeeklyDashboard.Query(), Roles.Owner, null)) : None();
        var oneStore = options.Runs("dashboard-store") ? await CaptureAsync(() => SendAsync(new WeeklyDashboard.Query(Store: 1), Roles.Owner, null)) : None();
        var maxId = int.Parse(await RawSql.ScalarAsync(connectionString, "SELECT MAX(\"Id\") FROM \"Cases\""), CultureInfo.InvariantCulture);
        var casePages = new List<List<CapturedCommand>>();
        for (var i = 0; i < (options.Runs("case") ? 200 : 0); i++)
        {
            var id = Random.Shared.Next(1, maxId + 1);
            casePages.Add(await CaptureAsync(() => SendAsync(new CaseDetails.Query(id), Roles.Owner, null)));
        }

        Func<int, Func<CancellationToken, Task<Step>>> Get(Browser session, Func<string> path, HttpStatusCode status = HttpStatusCode.OK) => _ =>
        {
            var device = session.Clone();
            return ct => LoadGenerator.TimeAsync(async () => Expected(await device.GetAsync(path(), ct), status));
        };

        // A GET of one fixed address, for either generator (wrk: decision 0054).
        Scenario Page(string key, string name, Browser session, string path, Func<int, Func<CancellationToken, Task<Step>>>? raw, HttpStatusCode status = HttpStatusCode.OK) =>
            new(key, name, options.Concurrency, Get(session, () => path, status), raw)
            {
                Wrk = () => Task.FromResult(new WrkPlan(session.CookieHeader, new Uri(baseAddress, path).ToString(), (int)status)),
            };

        Func<int, Func<CancellationToken, Task<Step>>> Replay(Func<IReadOnlyList<CapturedCommand>> commands) =>
            _ => _ => LoadGenerator.TimeAsync(() => RawSql.ReplayAsync(connectionString, commands()));

        var gate = new SemaphoreSlim(1, 1);
        var c = options.Concurrency;
        return
        [
            // Floors (decision 0046): what any request costs on this machine before the app's own work. A static file
            // (TLS, Kestrel, the middleware up to static files, no sign-in) and the health check (routing, the auth
            // middleware, one trivial database query, a JSON answer). No raw ceiling.
            Page("floor-static", "Floor: static file (/css/site.css)", sessions.Owner, "/css/site.css", null),
            Page("floor-health", "Floor: health check (/health)", sessions.Owner, "/health", null),
            // The least a signed-in page costs (decision 0054): the sign-in cookie, routing, authorization, a Razor page in
            // the layout with its links and the sign-out form's antiforgery token, the request line and the page's one
            // warning line; no database read. The page answers 403 (it is where a refused request is sent).
            Page("floor-page", "Floor: signed-in page, no reads (/Account/AccessDenied)", sessions.Owner, "/Account/AccessDenied", null, HttpStatusCode.Forbidden),
            Page("queue", "Queue, owner (20 stores), first page", sessions.Owner, "/Queue", Replay(() => ownerQueue)),
            Page("queue-deep", $"Queue, owner, page {options.DeepPage} (keyset)", sessions.Owner, deepQuery, Replay(() => deepQueue)),
            Page("queue-manager", "Queue, manager of 2 stores, first page", sessions.Manager, "/Queue", Replay(() => managerQueue)),
            Page("dashboard", "Dashboard, owner, whole chain, last week", sessions.Owner, "/Dashboard", Replay(() => chain)),
            Page("dashboard-store", "Dashboard, owner, one store, last week", sessions.Owner, "/Dashboard?store=1", Replay(() => oneStore)),
            new("case", "Case page, owner, random case", c, Get(sessions.Owner, () => $"/Cases/{Random.Shared.Next(1, maxId + 1)}"), Replay(() => casePages[Random.Shared.Next(casePages.Count)]))
            {
                Wrk = () => Task.FromResult(new WrkPlan(sessions.Owner.CookieHeader, baseAddress.ToString(), 200,
                    $"function request() return wrk.format(nil, \"/Cases/\" .. math.random(1, {maxId})) end")),
            },
            new("log", "Log a failure (POST), cashier", c, LogFailure(sessions.Cashier, formPerCase: false),
                _ => _ => LoadGenerator.TimeAsync(() => RawSql.InsertCaseAsync(connectionString, gate, storeId: 1)),
                _ => _ => LoadGenerator.TimeAsync(() => RawSql.InsertCaseAsync(connectionString, gate, storeId: 1, synchronous: "normal")))
            {
                Wrk = () => LogFailurePlanAsync(sessions.Cashier, baseAddress, connectionString),
            },
            new("log-form", "Log a failure (form GET + POST per case), cashier", c, LogFailure(sessions.Cashier, formPerCase: true), null),
        ];
    }

    /// <summary>
    /// A cashier's device logging failures, POST timed (it must answer the redirect to the new case). With
    /// <paramref name="formPerCase"/> it GETs the form before every POST (untimed), as a tablet that reloads the page
    /// does: a fresh antiforgery token and a server-made one-time key each time, two requests per case. Without it
    /// (decision 0038) the device GETs the form once and, like a script driving the form, posts that page's
    /// antiforgery token again with a one-time key it makes itself for each case: ASP.NET Core's request token is
    /// bound to the session's cookie token and the user, not to one use, and the key is an idempotency key the
    /// server only needs unique (a new Guid per case, as the form's own is).
    /// </summary>
    private static Func<int, Func<CancellationToken, Task<Step>>> LogFailure(Browser cashier, bool formPerCase) => worker =>
    {
        var device = cashier.Clone();
        var types = Enum.GetNames<FailureType>();
        string? token = null;
        string? storeId = null;
        string? key = null;
        return async ct =>
        {
            if (formPerCase || token is null)
            {
                Answer form;
                try
                {
                    form = await device.GetAsync("/Cases/Log", ct);
                }
                catch (HttpRequestException ex)
                {
                    return new Step(0, false, "GET /Cases/Log: " + ex.Message);
                }

                if (form.Status != HttpStatusCode.OK)
                {
                    return new Step(0, false, $"GET /Cases/Log answered {(int)form.Status} {form.Location}");
                }

                token = Browser.InputValue(form.Body, "__RequestVerificationToken") ?? string.Empty;
                storeId = Browser.InputValue(form.Body, "Failure.StoreId") ?? string.Empty;
                if (formPerCase)
                {
                    // The form's own one-time key.
                    key = Browser.InputValue(form.Body, "Failure.LogKey") ?? string.Empty;
                }
            }

            KeyValuePair<string, string>[] fields =
            [
                new("__RequestVerificationToken", token),
                new("Failure.LogKey", formPerCase ? key! : Guid.NewGuid().ToString()),
                new("Failure.StoreId", storeId ?? string.Empty),
                new("Failure.FailureType", types[Random.Shared.Next(types.Length)]),
                new("Failure.Severity", nameof(Severity.Minor)),
                new("Failure.Channel", nameof(Channel.Counter)),
                new("Failure.Description", $"Load test {worker}: the order was not what the customer asked for"),
            ];
            return await LoadGenerator.TimeAsync(async () =>
            {
                var answer = await device.PostFormAsync("/Cases/Log", fields, ct);
                return answer.Status == HttpStatusCode.Redirect && answer.Location?.StartsWith("/Cases/", StringComparison.Ordinal) == true
                    ? null
                    : $"POST /Cases/Log answered {(int)answer.Status} {answer.Location}";
            });
        };
    };

    /// <summary>
    /// The <c>log</c> scenario for wrk: the device GETs the form once (its antiforgery token and store), then every
    /// request is a POST with that token and a one-time key of its own (decision 0038): a Guid made of the wrk process's
    /// random prefix (<c>run</c>), the wrk thread and a counter, so no two requests of any run share one. Each must answer
    /// 302 to a case, and the cases the run's description marks must grow by one per answer.
    /// </summary>
    private static async Task<WrkPlan> LogFailurePlanAsync(Browser cashier, Uri baseAddress, string connectionString)
    {
        var device = cashier.Clone();
        var form = await device.GetAsync("/Cases/Log");
        Browser.Expect(form, HttpStatusCode.OK, "GET /Cases/Log");
        string Field(string name) => Uri.EscapeDataString(Browser.InputValue(form.Body, name) ?? string.Empty);
        var fixedFields = $"__RequestVerificationToken={Field("__RequestVerificationToken")}&Failure.StoreId={Field("Failure.StoreId")}"
            + $"&Failure.Severity={nameof(Severity.Minor)}&Failure.Channel={nameof(Channel.Counter)}"
            + "&Failure.Description=" + Uri.EscapeDataString(WrkDescription);
        var types = string.Join(", ", Enum.GetNames<FailureType>().Select(Wrk.Lua));
        var lua = $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
            local types = { {{types}} }
            local fixed = {{Wrk.Lua(fixedFields)}}
            function request()
              counter = counter + 1
              local key = string.format("%s%02x00%08x", run, id, counter)
              local body = fixed .. "&Failure.LogKey=" .. key .. "&Failure.FailureType=" .. types[math.random(#types)]
              return wrk.format(nil, "/Cases/Log", nil, body)
            end
            """;
        // Counted among the cases added after this point only (a range of the primary key, not a scan of the table).
        var after = await RawSql.ScalarAsync(connectionString, "SELECT coalesce(max(\"Id\"), 0) FROM \"Cases\"");
        return new WrkPlan(device.CookieHeader, baseAddress.ToString(), 302, lua, "/Cases/",
            async () => long.Parse(await RawSql.ScalarAsync(connectionString, $"SELECT count(*) FROM \"Cases\" WHERE \"Id\" > {after} AND \"Description\" = '{WrkDescription}'"), CultureInfo.InvariantCulture));
    }

    private const string WrkDescription = "Load test (wrk): the order was not what the customer asked for";

    private static string? Expected(Answer answer, HttpStatusCode status) =>
        answer.Status == status ? null : $"answered {(int)answer.Status} {answer.Location}";

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    private static string Summary(Measured m) => string.Create(CultureInfo.InvariantCulture,
        $"{m.PerSecond:F0} req/s, p50 {m.P50:F1} ms, p99 {m.P99:F1} ms, CPU {m.CpuMillisecondsPerRequest:F2} ms/req, {m.Errors} errors{(m.FirstError is null ? string.Empty : " (" + m.FirstError + ")")}, load {m.Load}");

    private static string Report(LoadOptions options, DateTime started, double? fillSeconds, (long Cases, long Open) held, string sqliteVersion, List<Row> rows, Measured? writers, long peakWorkingSet)
    {
        static string Ms(double value) => double.IsNaN(value) ? "—" : value.ToString(value < 10 ? "F1" : "F0", CultureInfo.InvariantCulture);
        static string Cpu(Measured m) => m.CpuMillisecondsPerRequest.ToString("F2", CultureInfo.InvariantCulture);
        static string ClientCpu(Measured m) => m.ClientCpuMillisecondsPerRequest.ToString("F2", CultureInfo.InvariantCulture);
        static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"### {options.Cases:N0} cases{(options.Label is { } label ? " — " + label : string.Empty)}");
        text.AppendLine();
        text.AppendLine(inv, $"- Run: {started:yyyy-MM-dd HH:mm} UTC; machine: {Machine.Describe()}; SQLite {sqliteVersion}.");
        var httpClient = $"the harness's own HttpClient closed loop (.NET {Environment.Version})";
        var byWrk = rows.Select(r => r.App).Append(writers).OfType<Measured>().Where(m => m.Generator is not null).Select(m => m.Generator).Distinct().ToList();
        var notByWrk = rows.Where(r => r.App.Generator is null).Select(r => r.Scenario.Key).ToList();
        text.AppendLine(inv, $"- Load generator: {(byWrk.Count == 0 ? httpClient : $"{string.Join(", ", byWrk)} (`--generator wrk`: {Environment.ProcessorCount} threads, one connection a client, each answer's status checked by its Lua script; decision 0054){(notByWrk.Count == 0 ? string.Empty : $"; {httpClient} for {string.Join(", ", notByWrk)}")}")}, same machine; {options.WarmupSeconds} s warm-up, {options.DurationSeconds} s measured per scenario.");
        text.AppendLine(inv, $"- Fill: {(fillSeconds is { } s ? $"{options.Cases:N0} cases by the demo generator's bulk path in {s:F0} s" : "reused an existing file")}; {options.Weeks} weeks of history, ~{options.Cases / options.Weeks:N0} cases a week for the chain; at the start of the run the file held {held.Cases:N0} cases, {held.Open:N0} open (a reused file also holds the cases earlier runs logged).");
        if (options.AppEnvironment.Count > 0)
        {
            text.AppendLine(inv, $"- App environment: {string.Join(", ", options.AppEnvironment.Select(e => e.Key + "=" + e.Value))}.");
        }

        text.AppendLine();
        text.AppendLine("| scenario | clients | app req/s | p50 ms | p99 ms | errors | app CPU ms/req | client CPU ms/req | raw req/s | raw p50 ms | raw p99 ms | raw CPU ms/req | app ÷ raw (req/s) | peak working set MB | load avg (1/5/15 min) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var (scenario, app, raw, _) in rows)
        {
            text.AppendLine(inv,
                $"| {scenario.Name} | {scenario.Concurrency} | {app.PerSecond:F0} | {Ms(app.P50)} | {Ms(app.P99)} | {app.Errors} | {Cpu(app)} | {ClientCpu(app)} | {(raw is null ? "—" : raw.PerSecond.ToString("F0", inv))} | {(raw is null ? "—" : Ms(raw.P50))} | {(raw is null ? "—" : Ms(raw.P99))} | {(raw is null ? "—" : Cpu(raw))} | {(raw is null ? "—" : (app.PerSecond / raw.PerSecond).ToString("F2", inv))} | {Mb(app.PeakWorkingSet)} | {app.Load} |");
        }

        if (writers is not null)
        {
            text.AppendLine(inv,
                $"| Log a failure, {writers.Concurrency} concurrent writers | {writers.Concurrency} | {writers.PerSecond:F0} | {Ms(writers.P50)} | {Ms(writers.P99)} | {writers.Errors} | {Cpu(writers)} | {ClientCpu(writers)} | — | — | — | — | — | {Mb(writers.PeakWorkingSet)} | {writers.Load} |");
        }

        text.AppendLine();
        var locked = rows.Sum(r => r.App.LockedLines) + (writers?.LockedLines ?? 0);
        text.AppendLine(inv, $"- \"database is locked\" in the app's log during the run: {locked} line(s){(writers is null ? string.Empty : $"; with {writers.Concurrency} writers: {writers.LockedLines}")}.");
        text.AppendLine(inv, $"- Peak working set of the app process over the whole run: {Mb(peakWorkingSet)} MB.");
        text.AppendLine("- Log a failure (decision 0038): `log` is the POST alone — each device GETs the form once, then posts its antiforgery token again with a fresh one-time key of its own (a new Guid) per case; the 64 writers do the same. `log-form` GETs the form (untimed: fresh token and server-made key) before every POST, so the app serves two requests per case; its req/s and latency are the POST's, its CPU per case covers both requests. Raw: the case row and its first timeline event in one transaction, one writer at a time, at the app's `synchronous` level.");
        foreach (var (scenario, _, raw, normal) in rows.Where(r => r.Raw is not null && r.RawWithoutSync is not null))
        {
            text.AppendLine(inv,
                $"- Raw write at `synchronous = NORMAL` (no fsync per commit), same {scenario.Concurrency} clients: {normal!.PerSecond:F0} req/s, p50 {Ms(normal.P50)} ms, p99 {Ms(normal.P99)} ms — against {raw!.PerSecond:F0} req/s at FULL: the fsync adds about {(1000 / raw.PerSecond) - (1000 / normal.PerSecond):F2} ms to each serial commit.");
        }

        text.AppendLine("- CPU ms/req: CPU time of the serving process (the app; for raw, the harness) per request — robust to other load on the machine; 2,000 ÷ it is what 2 quiet cores could serve at most. Client CPU ms/req: the load generator's own CPU per request (this process, or wrk with `--generator wrk`; on the same cores); 2,000 ÷ (app + client) is what this machine can measure at most. The queue's raw rows replay the page's own statements; the counts' grouped query is served from the app's 5-second cache (decision 0028) and left out of them (decision 0046).");
        text.AppendLine("- Raw: the SQL the handlers sent (captured from the real handlers for the same user, page and week) replayed through Microsoft.Data.Sqlite on a pooled connection with the app's pragmas, every value read.");
        foreach (var error in rows.Select(r => r.App).Append(writers).Where(m => m?.FirstError is not null))
        {
            text.AppendLine(inv, $"- First error seen: {error!.FirstError}");
        }

        return text.ToString();
    }

    /// <summary>Replaces (or appends) this size's block in docs/benchmarks.md; other sizes' results stay.</summary>
    private static string WithBlock(string document, LoadOptions options, string report)
    {
        var key = options.Cases.ToString(CultureInfo.InvariantCulture) + (options.Label is null ? string.Empty : "-" + string.Concat(options.Label.Where(char.IsLetterOrDigit)));
        var start = $"<!-- load:{key} -->";
        var end = $"<!-- /load:{key} -->";
        var block = $"{start}\n{report}{end}";
        var from = document.IndexOf(start, StringComparison.Ordinal);
        var to = document.IndexOf(end, StringComparison.Ordinal);
        if (document.Length == 0)
        {
            document = "# Benchmarks\n\nSee the benchmarks README (`benchmarks/ServiceRecovery.Benchmarks/README.md`) for how to run this.\n";
        }

        return from >= 0 && to > from
            ? string.Concat(document.AsSpan(0, from), block, document.AsSpan(to + end.Length))
            : document.TrimEnd() + "\n\n" + block + "\n";
    }

    private static string FindRepository()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "ServiceRecovery.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the load benchmark from inside the repository (ServiceRecovery.sln not found).");
    }
}
