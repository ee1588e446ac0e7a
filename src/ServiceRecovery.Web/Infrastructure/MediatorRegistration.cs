using FluentValidation;
using MediatR;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// MediatR 5.1.0 has no DI package that restores here, so we register its parts ourselves:
/// the service factory, the mediator, every handler (scanned by Scrutor) and the behaviours, outermost first.
/// </summary>
public static class MediatorRegistration
{
    public static IServiceCollection AddMediatorPipeline(this IServiceCollection services)
    {
        services.AddScoped<ServiceFactory>(provider => provider.GetService!);
        services.AddScoped<IMediator, Mediator>();
        services.Scan(scan => scan
            .FromAssemblyOf<Auth.ICurrentUser>()
            .AddClasses(classes => classes.AssignableTo(typeof(IRequestHandler<,>)), publicOnly: false)
            .AsImplementedInterfaces()
            .WithScopedLifetime());

        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(Auth.AuthorizationBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        // Singletons: a validator holds only its rules (no services), and building them (expressions, regexes) per request cost CPU on every POST.
        services.AddValidatorsFromAssemblyContaining<Auth.ICurrentUser>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
