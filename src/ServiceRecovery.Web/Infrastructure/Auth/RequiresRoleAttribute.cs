using MediatR;
using System.Reflection;

namespace ServiceRecovery.Web.Infrastructure.Auth;

/// <summary>On a request type: only users in one of these roles may send it (checked by <see cref="AuthorizationBehavior{TRequest,TResponse}"/>).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class RequiresRoleAttribute(params string[] roles) : Attribute
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("You are not allowed to do that.")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Refuses a request whose type demands a role the user lacks, before validation or the handler run.</summary>
public sealed partial class AuthorizationBehavior<TRequest, TResponse>(ICurrentUser user, ILogger<AuthorizationBehavior<TRequest, TResponse>> logger)
    : IPipelineBehavior<TRequest, TResponse>
{
    private static readonly RequiresRoleAttribute? Requirement = typeof(TRequest).GetCustomAttribute<RequiresRoleAttribute>();

    public Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (Requirement is not null && !Requirement.Roles.Any(user.IsInRole))
        {
            LogDenied(logger, user.Id, typeof(TRequest).FullName ?? typeof(TRequest).Name);
            throw new ForbiddenException();
        }

        return next();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access denied: user {UserId} may not send {RequestName}")]
    private static partial void LogDenied(ILogger logger, string userId, string requestName);
}
