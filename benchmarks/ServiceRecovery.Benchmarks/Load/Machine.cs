using System.Globalization;
using System.Runtime.InteropServices;

namespace ServiceRecovery.Benchmarks.Load;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var cpu = Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal)) is { } line
            ? $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024 / 1024.0:F0} GiB"
            : "?";
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), e.g. "1.20 4.65 5.39".</summary>
    public static string LoadAverage() => Read("/proc/loadavg") is { } text ? string.Join(' ', text.Split(' ').Take(3)) : "?";

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
