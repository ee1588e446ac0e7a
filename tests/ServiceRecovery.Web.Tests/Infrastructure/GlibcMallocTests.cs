using System.Runtime.InteropServices;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>The app's calls into glibc's malloc (decision 0050) reach it on this platform (Debian, glibc).</summary>
public class GlibcMallocTests
{
    [Fact]
    public void The_arena_cap_is_accepted_unless_the_environment_sets_one()
    {
        Assert.Equal(Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is null, GlibcMalloc.CapArenas());
    }

    [Fact]
    public void Trim_hands_memory_freed_inside_an_arena_back_to_the_OS()
    {
        // 16 MB in blocks below malloc's mmap threshold, each followed by one that stays, so the freed blocks sit inside the
        // arena, not at its top (which free itself would trim).
        var freed = new List<IntPtr>();
        var kept = new List<IntPtr>();
        for (var i = 0; i < 256; i++)
        {
            freed.Add(Marshal.AllocHGlobal(64 * 1024));
            kept.Add(Marshal.AllocHGlobal(64 * 1024));
        }

        try
        {
            freed.ForEach(Marshal.FreeHGlobal);

            Assert.True(GlibcMalloc.Trim());
        }
        finally
        {
            kept.ForEach(Marshal.FreeHGlobal);
        }
    }
}
