using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// A number that moves after every SaveChanges that wrote something in this app, so a short-lived cache of query results
/// (the queue's counts) can tell that the data changed since it computed them. Every write of the app goes through
/// SaveChanges (no ExecuteUpdate or raw SQL writes); only the benchmark's bulk writer bypasses it.
/// </summary>
public sealed class DataVersion : SaveChangesInterceptor
{
    private long _value;

    public long Current => Interlocked.Read(ref _value);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Moved(result);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Moved(result);
        return ValueTask.FromResult(result);
    }

    private void Moved(int written)
    {
        if (written > 0)
        {
            Interlocked.Increment(ref _value);
        }
    }
}
