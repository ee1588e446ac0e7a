using Microsoft.AspNetCore.Mvc.Testing;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>Each test class gets its own app and database; tests inside a class share them, so keep them independent.</summary>
public abstract class AppTestBase : IClassFixture<AppFactory>
{
    protected AppTestBase(AppFactory factory)
    {
        Factory = factory;
        Client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
    }

    protected AppFactory Factory { get; }

    protected HttpClient Client { get; }
}
