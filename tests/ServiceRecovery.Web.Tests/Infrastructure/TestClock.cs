using Microsoft.Extensions.Time.Testing;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>The clock every test starts from: a Tuesday lunchtime in UTC.</summary>
public static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 11, 30, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start);
}
