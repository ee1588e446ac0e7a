using System.Security.Claims;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Infrastructure.Auth;

/// <summary>"Who did it": the signed-in staff member, as handlers need them.</summary>
public interface ICurrentUser
{
    string Id { get; }

    /// <summary>The display name the timeline shows.</summary>
    string Name { get; }

    bool IsInRole(string role);

    bool IsOwner => IsInRole(Roles.Owner);

    /// <summary>Managers and owners: follow-ups, approvals, resolving and reopening.</summary>
    bool CanManage => IsInRole(Roles.Manager) || IsInRole(Roles.Owner);
}

internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal User =>
        accessor.HttpContext?.User is { Identity.IsAuthenticated: true } user
            ? user
            : throw new InvalidOperationException("No signed-in user for this request.");

    public string Id => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The signed-in user has no id.");

    public string Name => User.FindFirstValue(AppClaims.DisplayName) ?? User.Identity?.Name ?? Id;

    public bool IsInRole(string role) => User.IsInRole(role);
}
