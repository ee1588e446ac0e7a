using System.Globalization;

namespace ServiceRecovery.Reliability;

/// <summary>
/// dotnet run -c Release --project tools/ServiceRecovery.Reliability -- crash [--rounds 100] [--writers 20]
/// dotnet run -c Release --project tools/ServiceRecovery.Reliability -- edits [--rounds 1000]
/// See docs/reliability.md.
/// </summary>
internal static class ReliabilityCommand
{
    public static async Task<int> Main(string[] args)
    {
        int Option(string name, int fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
        }

        switch (args.FirstOrDefault())
        {
            case "crash":
                var crash = await CrashRun.RunAsync(new CrashRun.Options(Option("--rounds", 100), Option("--writers", 20)), Console.Out);
                Console.WriteLine(crash);
                return crash.Passed ? 0 : 1;
            case "edits":
                var edits = await EditRace.RunAsync(new EditRace.Options(Option("--rounds", 1000)), Console.Out);
                Console.WriteLine(edits);
                return edits.Passed ? 0 : 1;
            default:
                await Console.Error.WriteLineAsync("usage: crash [--rounds N] [--writers N] | edits [--rounds N]");
                return 2;
        }
    }
}
