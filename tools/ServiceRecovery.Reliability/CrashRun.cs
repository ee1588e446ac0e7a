using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Reliability;

/// <summary>
/// Crash safety: writers log failures as a signed-in cashier, each post with a one-time key of its own, while the
/// app is SIGKILLed at random moments and restarted. Posts whose answer was lost are sent again (same key) after the
/// restart, as a cashier pressing Save again would. Then the database file is checked.
/// </summary>
public static class CrashRun
{
    public sealed record Options(int Rounds = 100, int Writers = 20, int MinRunMilliseconds = 150, int MaxRunMilliseconds = 1500, int Seed = 9);

    public sealed record Result(
        int Rounds,
        int Sent,
        int Acknowledged,
        int InDoubt,
        int Refused,
        int Stored,
        string IntegrityCheck,
        string Synchronous,
        string JournalMode,
        double AcknowledgedPerSecond,
        double MeanRestartMilliseconds,
        IReadOnlyList<string> Problems)
    {
        public bool Passed => Problems.Count == 0 && IntegrityCheck == "ok";

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"rounds {Rounds}, posts sent {Sent} (acknowledged {Acknowledged}, answer lost in the kill {InDoubt}, refused {Refused}), cases stored {Stored}; " +
            $"integrity_check {IntegrityCheck}; journal_mode {JournalMode}, synchronous {Synchronous}; {AcknowledgedPerSecond:F1} acknowledged/s while up; " +
            $"restart to healthy {MeanRestartMilliseconds:F0} ms mean; problems: {(Problems.Count == 0 ? "none" : string.Join(" | ", Problems.Take(20)))}");
    }

    private enum Answer
    {
        Pending,
        Acknowledged,
        InDoubt,
        Refused,
    }

    private sealed class Post(Guid key)
    {
        public Guid Key { get; } = key;

        public Answer Answer { get; set; }

        public int? CaseId { get; set; }

        public string Description => $"crash harness {Key:D}";
    }

    public static async Task<Result> RunAsync(Options options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var dataDirectory = Directory.CreateTempSubdirectory("servicerecovery-crash-").FullName;
        var random = new Random(options.Seed);
        var posts = new ConcurrentDictionary<Guid, Post>();
        var problems = new ConcurrentQueue<string>();
        var restarts = new List<double>();
        var upTime = TimeSpan.Zero;
        string synchronous = string.Empty, journalMode = string.Empty;
        try
        {
            for (var round = 1; round <= options.Rounds; round++)
            {
                var started = Stopwatch.StartNew();
                using var app = await AppProcess.StartAsync(dataDirectory, cancellationToken);
                restarts.Add(started.Elapsed.TotalMilliseconds);
                (synchronous, journalMode) = (app.Synchronous, app.JournalMode);
                if (synchronous != SqliteSetup.SynchronousLevel || journalMode != "wal")
                {
                    problems.Enqueue($"round {round}: journal_mode {journalMode}, synchronous {synchronous}");
                }

                var cashier = round == 1 ? await FirstCashierAsync(app.Address, cancellationToken) : await CashierAsync(app.Address, cancellationToken);
                using (cashier)
                {
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var inDoubt = posts.Values.Where(p => p.Answer == Answer.InDoubt).ToList();
                    using var ready = new CountdownEvent(options.Writers);
                    var writers = Enumerable.Range(0, options.Writers)
                        .Select(w => Task.Run(() => WriteAsync(cashier, posts, problems, inDoubt.Where((_, i) => i % options.Writers == w).ToList(), ready, stop.Token), CancellationToken.None))
                        .ToList();

                    // The kill comes at a random moment after every writer has its form and is posting.
                    await Task.Run(() => ready.Wait(TimeSpan.FromSeconds(30), cancellationToken), cancellationToken);
                    var runFor = random.Next(options.MinRunMilliseconds, options.MaxRunMilliseconds);
                    var up = Stopwatch.StartNew();
                    await Task.Delay(runFor, cancellationToken);
                    app.Kill();
                    upTime += up.Elapsed;
                    await stop.CancelAsync();
                    await Task.WhenAll(writers);
                }

                if (round % 10 == 0 || round == options.Rounds)
                {
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"round {round}/{options.Rounds}: sent {posts.Count}, acknowledged {posts.Values.Count(p => p.Answer == Answer.Acknowledged)}"));
                }
            }

            // One more clean start proves the last kill left a database the app opens; then check the file itself.
            using (var final = await AppProcess.StartAsync(dataDirectory, cancellationToken))
            {
                final.Kill();
            }

            SqliteConnection.ClearAllPools();
            var file = Path.Combine(dataDirectory, "servicerecovery.db");
            var integrity = await DatabaseBackup.IntegrityCheckAsync(file, cancellationToken);
            var stored = await StoredCasesAsync(file, cancellationToken);
            Verify(posts, stored, problems);
            var acknowledged = posts.Values.Count(p => p.Answer == Answer.Acknowledged);
            return new Result(
                options.Rounds,
                posts.Count,
                acknowledged,
                posts.Values.Count(p => p.Answer == Answer.InDoubt),
                posts.Values.Count(p => p.Answer == Answer.Refused),
                stored.Count,
                integrity,
                synchronous,
                journalMode,
                acknowledged / Math.Max(upTime.TotalSeconds, 0.001),
                restarts.Average(),
                problems.ToList());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temp folder left behind is harmless.
            }
        }
    }

    private static async Task WriteAsync(WebSession cashier, ConcurrentDictionary<Guid, Post> posts, ConcurrentQueue<string> problems, List<Post> retries, CountdownEvent ready, CancellationToken stop)
    {
        try
        {
            List<KeyValuePair<string, string>> form;
            string action;
            try
            {
                (action, form) = WebSession.Form(await cashier.GetPageAsync("/Cases/Log", stop), "/Cases/Log");
            }
            finally
            {
                ready.Signal();
            }

            var queue = new Queue<Post>(retries);
            while (!stop.IsCancellationRequested)
            {
                var post = queue.Count > 0 ? queue.Dequeue() : posts.GetOrAdd(Guid.NewGuid(), key => new Post(key));
                try
                {
                    using var response = await cashier.PostAsync(action, WebSession.With(form, new Dictionary<string, string>
                    {
                        ["Failure.LogKey"] = post.Key.ToString("D"),
                        ["Failure.Description"] = post.Description,
                    }), stop);
                    var location = response.Headers.Location?.OriginalString ?? string.Empty;
                    if (response.StatusCode == HttpStatusCode.Redirect && location.StartsWith("/Cases/", StringComparison.Ordinal)
                        && int.TryParse(location["/Cases/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                    {
                        if (post.CaseId is { } earlier && earlier != id)
                        {
                            problems.Enqueue($"key {post.Key} acknowledged as case {earlier} and then as case {id}");
                        }

                        (post.Answer, post.CaseId) = (Answer.Acknowledged, id);
                    }
                    else
                    {
                        post.Answer = Answer.Refused;
                        problems.Enqueue($"key {post.Key}: answered {(int)response.StatusCode} {location}");
                    }
                }
                catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError)
                {
                    // The app is gone and the request never reached it: nothing was sent.
                    if (post.Answer == Answer.Pending)
                    {
                        posts.TryRemove(post.Key, out _);
                    }

                    return;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
                {
                    // The app died (or we stopped) with the request in flight: it may or may not be stored.
                    if (post.Answer != Answer.Acknowledged)
                    {
                        post.Answer = Answer.InDoubt;
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OperationCanceledException)
        {
            // Killed before this writer loaded the form.
        }
    }

    private static void Verify(ConcurrentDictionary<Guid, Post> posts, List<(int Id, Guid Key, string Description)> stored, ConcurrentQueue<string> problems)
    {
        var byKey = stored.GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var group in byKey.Where(g => g.Value.Count > 1))
        {
            problems.Enqueue($"key {group.Key} stored {group.Value.Count} times");
        }

        foreach (var post in posts.Values.Where(p => p.Answer == Answer.Acknowledged))
        {
            if (!byKey.TryGetValue(post.Key, out var rows))
            {
                problems.Enqueue($"acknowledged key {post.Key} (case {post.CaseId}) is not stored");
            }
            else if (rows[0].Id != post.CaseId || rows[0].Description != post.Description)
            {
                problems.Enqueue($"acknowledged key {post.Key} was case {post.CaseId}, stored as case {rows[0].Id} '{rows[0].Description}'");
            }
        }

        foreach (var row in stored.Where(s => !posts.TryGetValue(s.Key, out var post) || post.Description != s.Description))
        {
            problems.Enqueue($"case {row.Id} (key {row.Key}) was never sent");
        }
    }

    private static async Task<List<(int Id, Guid Key, string Description)>> StoredCasesAsync(string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, LogKey, Description FROM Cases ORDER BY Id;";
        var rows = new List<(int, Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetInt32(0), Guid.Parse(reader.GetString(1)), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task<WebSession> FirstCashierAsync(Uri address, CancellationToken cancellationToken)
    {
        using var owner = await Accounts.OwnerAsync(address, cancellationToken);
        return await Accounts.StaffAsync(owner, address, "Harness cashier", "Cashier", cancellationToken);
    }

    private static async Task<WebSession> CashierAsync(Uri address, CancellationToken cancellationToken)
    {
        var cashier = new WebSession(address);
        await cashier.SignInAsync("harness.cashier@harness.test", Accounts.Password, cancellationToken);
        return cashier;
    }
}
