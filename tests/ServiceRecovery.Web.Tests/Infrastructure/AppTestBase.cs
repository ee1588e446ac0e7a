using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>
/// Each test class gets its own app and database; tests inside a class share them, so keep them independent.
/// <see cref="Client"/> is signed in through the login form as the role <see cref="SignedInAs"/> names (the owner by default).
/// </summary>
public abstract class AppTestBase(AppFactory factory) : IClassFixture<AppFactory>, IAsyncLifetime
{
    protected AppFactory Factory { get; } = factory;

    protected HttpClient Client { get; private set; } = null!;

    protected virtual string SignedInAs => Roles.Owner;

    public async Task InitializeAsync() => Client = await Factory.SignedInClientAsync(SignedInAs);

    /// <summary>A session lasts 12 hours of the (fake) clock: a test that moves time on by days signs in again, as staff would.</summary>
    protected async Task SignInAgainAsync()
    {
        Client.Dispose();
        Client = await Factory.SignedInClientAsync(SignedInAs);
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        return Task.CompletedTask;
    }
}
