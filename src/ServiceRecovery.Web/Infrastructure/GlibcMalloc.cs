using System.Runtime.InteropServices;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// What the app asks of glibc's malloc, which SQLite, TLS and the runtime itself allocate from (decision 0050). Measured under
/// load at 1,000,000 cases: the GC heap held 18–42 MB, but native memory held 82–129 MB, of which only 20–67 MB was in use.
/// SQLite's page caches (up to 2 MB for each of ~20 pooled connections) grow while pages are read and are freed when a write
/// makes them stale; glibc keeps what was freed, spread over up to 8 arenas per core, one taken by each thread that allocates
/// while another holds an arena. Both settings below only change where and how long freed memory is kept, never what is
/// allocated. On another C library (musl) or OS they do nothing.
/// </summary>
internal static class GlibcMalloc
{
    /// <summary>glibc's <c>M_ARENA_MAX</c> option for <c>mallopt</c>.</summary>
    private const int ArenaMaxOption = -8;

    /// <summary>The most malloc arenas: the main heap and one shared by the other threads (plus those made before <see cref="CapArenas"/>).</summary>
    public const int ArenaLimit = 2;

    /// <summary>How often <see cref="Trimmer"/> hands freed native memory back to the OS.</summary>
    public static readonly TimeSpan TrimInterval = TimeSpan.FromSeconds(5);

    private static readonly Lazy<bool> IsGlibc = new(() =>
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return GnuGetLibcVersion() != IntPtr.Zero;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    });

    /// <summary>
    /// Caps malloc's arenas at <see cref="ArenaLimit"/> unless <c>MALLOC_ARENA_MAX</c> is set (which does the same from the
    /// process's start, and wins). Call it first in Main: glibc fixes its limit once a process has more than 8 arenas;
    /// arenas made before the call stay and are shared, no more are made. With 2 cores, two arenas cost no measurable
    /// contention that showed; with up to 16 they held 100–129 MB under load, up to 87 MB of it free.
    /// </summary>
    public static bool CapArenas() =>
        IsGlibc.Value && Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null && Mallopt(ArenaMaxOption, ArenaLimit) == 1;

    /// <summary>
    /// <c>malloc_trim(0)</c>: returns the free pages inside every arena to the OS (glibc otherwise returns only free memory
    /// at an arena's top). It walks the free lists under each arena's lock. True when it released memory.
    /// </summary>
    public static bool Trim() => IsGlibc.Value && MallocTrim(0) == 1;

    /// <summary>Runs <see cref="Trim"/> every <see cref="TrimInterval"/> while the app runs.</summary>
    internal sealed class Trimmer(TimeProvider time) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!IsGlibc.Value)
            {
                return;
            }

            using var timer = new PeriodicTimer(TrimInterval, time);
            try
            {
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    Trim();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // Shutting down.
            }
        }
    }

    // DllImport, not LibraryImport: these take and return plain integers, and LibraryImport would need unsafe code in the project.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Mallopt(int option, int value);

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);

    [DllImport("libc", EntryPoint = "gnu_get_libc_version", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern IntPtr GnuGetLibcVersion();
}
