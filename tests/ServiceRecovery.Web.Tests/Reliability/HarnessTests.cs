using ServiceRecovery.Reliability;
using Xunit.Abstractions;

namespace ServiceRecovery.Web.Tests.Reliability;

/// <summary>
/// The short versions of the reliability harness (tools/ServiceRecovery.Reliability): the real app as a process on a
/// loopback port. The full runs (100 crash rounds, 1,000 edit rounds) are the documented commands in docs/reliability.md.
/// </summary>
public sealed class HarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_SIGKILLs_during_20_concurrent_cashiers_lose_no_acknowledged_case_and_invent_none()
    {
        var result = await CrashRun.RunAsync(new CrashRun.Options(Rounds: 5, Writers: 20), TextWriter.Null);
        output.WriteLine(result.ToString());

        Assert.True(result.Passed, result.ToString());
        Assert.Equal("ok", result.IntegrityCheck);
        Assert.Equal("full", result.Synchronous);
        Assert.Equal("wal", result.JournalMode);
        Assert.True(result.Acknowledged > 0, "No post was acknowledged: the run proved nothing.");
        Assert.InRange(result.Stored, result.Acknowledged, result.Sent);
    }

    [Fact]
    public async Task Two_managers_acting_on_one_case_at_once_one_wins_the_other_sees_the_conflict()
    {
        var result = await EditRace.RunAsync(new EditRace.Options(Rounds: 30), TextWriter.Null);
        output.WriteLine(result.ToString());

        Assert.True(result.Passed, result.ToString());
        Assert.All(result.RoundsByScenario.Values, rounds => Assert.Equal(10, rounds));
    }
}
