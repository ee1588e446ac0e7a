using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Reliability;

/// <summary>
/// Concurrent edits: two managers act on one case at the same moment, both from the same version of the page —
/// both following up, follow-up against resolve, approve against decline. In every round exactly one must win,
/// the other must see "This case just changed", and the timeline must hold the winner's event once and nothing of
/// the loser's.
/// </summary>
public static class EditRace
{
    public const string ConflictMessage = "This case just changed";

    public sealed record Options(int Rounds = 1000);

    public sealed record Result(int Rounds, IReadOnlyDictionary<string, int> RoundsByScenario, int OneWinnerRounds, double Seconds, IReadOnlyList<string> Problems)
    {
        public bool Passed => Problems.Count == 0 && OneWinnerRounds == Rounds;

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"rounds {Rounds} ({string.Join(", ", RoundsByScenario.Select(s => $"{s.Key} {s.Value}"))}); exactly one winner and one conflict message in {OneWinnerRounds}; " +
            $"{Seconds:F1} s; problems: {(Problems.Count == 0 ? "none" : string.Join(" | ", Problems.Take(20)))}");
    }

    private sealed record Scenario(string Name, string HandlerA, Dictionary<string, string> ValuesA, CaseEventType EventA, string HandlerB, Dictionary<string, string> ValuesB, CaseEventType EventB);

    private static readonly Scenario[] Scenarios =
    [
        new("both follow up", "FollowUp", new() { ["FollowUp.Outcome"] = "Satisfied", ["FollowUp.Note"] = "A" }, CaseEventType.FollowUpRecorded,
            "FollowUp", new() { ["FollowUp.Outcome"] = "Delighted", ["FollowUp.Note"] = "B" }, CaseEventType.FollowUpRecorded),
        new("follow-up against resolve", "FollowUp", new() { ["FollowUp.Outcome"] = "Dissatisfied", ["FollowUp.Note"] = "A" }, CaseEventType.FollowUpRecorded,
            "Resolve", [], CaseEventType.Resolved),
        new("approve against decline", "Decision", new() { ["Decision.Approve"] = "true" }, CaseEventType.CompensationApproved,
            "Decision", new() { ["Decision.Approve"] = "false", ["Decision.Reason"] = "Too much for a late coffee" }, CaseEventType.CompensationDeclined),
    ];

    public static async Task<Result> RunAsync(Options options, TextWriter progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var dataDirectory = Directory.CreateTempSubdirectory("servicerecovery-edits-").FullName;
        var problems = new List<string>();
        var byScenario = Scenarios.ToDictionary(s => s.Name, _ => 0);
        var oneWinner = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            using var app = await AppProcess.StartAsync(dataDirectory, cancellationToken);
            using var owner = await Accounts.OwnerAsync(app.Address, cancellationToken);
            using var cashier = await Accounts.StaffAsync(owner, app.Address, "Race cashier", "Cashier", cancellationToken);
            using var managerA = await Accounts.StaffAsync(owner, app.Address, "Race manager A", "Manager", cancellationToken);
            using var managerB = await Accounts.StaffAsync(owner, app.Address, "Race manager B", "Manager", cancellationToken);
            await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "servicerecovery.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await db.OpenAsync(cancellationToken);

            for (var round = 1; round <= options.Rounds; round++)
            {
                var scenario = Scenarios[(round - 1) % Scenarios.Length];
                byScenario[scenario.Name]++;
                var id = await PrepareAsync(scenario, cashier, managerA, round, cancellationToken);
                var before = await EventsAsync(db, id, cancellationToken);

                // Both managers load the same version of the page, then press their buttons at the same moment.
                var formA = WebSession.Form(await managerA.GetPageAsync($"/Cases/{id}", cancellationToken), $"/Cases/{id}", scenario.HandlerA);
                var formB = WebSession.Form(await managerB.GetPageAsync($"/Cases/{id}", cancellationToken), $"/Cases/{id}", scenario.HandlerB);
                var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var postA = PostWhenAsync(go.Task, managerA, formA.Action, WebSession.With(formA.Fields, scenario.ValuesA), cancellationToken);
                var postB = PostWhenAsync(go.Task, managerB, formB.Action, WebSession.With(formB.Fields, scenario.ValuesB), cancellationToken);
                go.SetResult();
                var answers = await Task.WhenAll(postA, postB);

                var won = answers.Select(a => a.Status == HttpStatusCode.Redirect).ToArray();
                var conflicted = answers.Select(a => a.Status == HttpStatusCode.OK && a.Body.Contains(ConflictMessage, StringComparison.Ordinal)).ToArray();
                var after = await EventsAsync(db, id, cancellationToken);
                var added = after.Types.Skip(before.Types.Count).ToList();
                var expectedEvent = won[0] ? scenario.EventA : scenario.EventB;
                if (won.Count(w => w) == 1 && conflicted.Count(c => c) == 1 && won[0] != conflicted[0])
                {
                    oneWinner++;
                }
                else
                {
                    problems.Add($"round {round} ({scenario.Name}, case {id}): answers {(int)answers[0].Status} and {(int)answers[1].Status}, conflict message shown {conflicted.Count(c => c)} times");
                }

                if (added.Count != 1 || added[0] != expectedEvent || after.Version != after.Types.Count)
                {
                    problems.Add($"round {round} ({scenario.Name}, case {id}): timeline added [{string.Join(", ", added)}], version {after.Version} for {after.Types.Count} events");
                }

                if (round % 100 == 0)
                {
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"round {round}/{options.Rounds}: problems {problems.Count}"));
                }
            }
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

        return new Result(options.Rounds, byScenario, oneWinner, clock.Elapsed.TotalSeconds, problems);
    }

    /// <summary>A fresh case in the state the scenario needs: logged and apologised, then followed up or with a compensation waiting for approval.</summary>
    private static async Task<int> PrepareAsync(Scenario scenario, WebSession cashier, WebSession manager, int round, CancellationToken cancellationToken)
    {
        using var logged = await cashier.SubmitAsync("/Cases/Log", null, new Dictionary<string, string> { ["Failure.Description"] = $"Race round {round}" }, cancellationToken);
        var id = int.Parse(Expect(logged, "log")["/Cases/".Length..], CultureInfo.InvariantCulture);
        using (var apology = await cashier.SubmitAsync($"/Cases/{id}", "Apology", new Dictionary<string, string>(), cancellationToken))
        {
            Expect(apology, "apology");
        }

        if (scenario.HandlerB == "Resolve")
        {
            using var followUp = await manager.SubmitAsync($"/Cases/{id}", "FollowUp", new Dictionary<string, string> { ["FollowUp.Outcome"] = "Satisfied" }, cancellationToken);
            Expect(followUp, "follow-up");
        }
        else if (scenario.HandlerA == "Decision")
        {
            using var compensation = await cashier.SubmitAsync($"/Cases/{id}", "Compensation", new Dictionary<string, string>
            {
                ["Compensation.Description"] = "Refund of the whole order",
                ["Compensation.Amount"] = "40.00",
            }, cancellationToken);
            Expect(compensation, "compensation");
        }

        return id;
    }

    private static string Expect(HttpResponseMessage response, string what) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location is { } location
            ? location.OriginalString
            : throw new InvalidOperationException($"Preparing the case: {what} answered {(int)response.StatusCode}.");

    private static async Task<(HttpStatusCode Status, string Body)> PostWhenAsync(Task go, WebSession session, string action, List<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        await go;
        using var response = await session.PostAsync(action, fields, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static async Task<(int Version, List<CaseEventType> Types)> EventsAsync(SqliteConnection db, int id, CancellationToken cancellationToken)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT (SELECT Version FROM Cases WHERE Id = $id), Type FROM CaseEvents WHERE RecoveryCaseId = $id ORDER BY Id;";
        command.Parameters.AddWithValue("$id", id);
        var version = 0;
        var types = new List<CaseEventType>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            version = reader.GetInt32(0);
            types.Add(Enum.Parse<CaseEventType>(reader.GetString(1)));
        }

        return (version, types);
    }
}
