using System.Security.Claims;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>"Who did it": the one place handlers learn the acting user's name.</summary>
public interface ICurrentUser
{
    string Name { get; }
}

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public string Name =>
        accessor.HttpContext?.User.FindFirstValue(ClaimTypes.Name)
        ?? throw new InvalidOperationException("No signed-in user for this request.");
}
