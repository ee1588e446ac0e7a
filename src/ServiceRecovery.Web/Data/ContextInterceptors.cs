using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace ServiceRecovery.Web.Data;

/// <summary>
/// App services that sit on a context's options as interceptors (the write gate, the reference data): a pooled context
/// has no other way to reach them.
/// </summary>
public static class ContextInterceptors
{
    /// <summary>The <typeparamref name="T"/> on this context's options, or null for a context made without it (design time, tools, some tests).</summary>
    public static T? Interceptor<T>(this DbContext context)
        where T : class, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<T>().FirstOrDefault();
    }
}
