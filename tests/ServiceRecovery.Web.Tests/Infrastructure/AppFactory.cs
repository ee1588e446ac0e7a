using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.AspNetCore.Identity;
using Serilog.Core;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (migrated at start like production), with a controllable
/// clock and every log event captured so tests can assert what is — and is not — logged.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;

    /// <summary>A new app with a data folder (database, data-protection keys, setup code) of its own.</summary>
    public AppFactory()
    {
        _dataDirectory = Path.Combine(Path.GetTempPath(), $"servicerecovery-test-{Guid.NewGuid():N}");
        _ownsDataDirectory = true;
    }

    // Private: xunit needs class fixtures to have a single public constructor.
    private AppFactory(AppFactory sharingDataWith)
    {
        ArgumentNullException.ThrowIfNull(sharingDataWith);
        _dataDirectory = sharingDataWith._dataDirectory;
        _ownsDataDirectory = false;
    }

    /// <summary>A second instance of the same app: same database file and data folder, as after a restart or on a second server. Dispose it first.</summary>
    public AppFactory SecondInstance() => new(this);

    public FakeTimeProvider Clock { get; } = TestClock.Create();

    public CapturedLogs Logs { get; } = new();

    /// <summary>Where the database file lives; the app keeps its data-protection keys and setup code beside it.</summary>
    public string DataDirectory => _dataDirectory;

    public string ConnectionString => $"Data Source={Path.Combine(_dataDirectory, "servicerecovery.db")}";

    /// <summary>The hosting environment; Development unless a test needs production behaviour (Secure cookies, HTTPS redirection).</summary>
    protected virtual string EnvironmentName => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("ConnectionStrings:ServiceRecovery", ConnectionString);
        builder.UseSetting("Security:LoginAttemptsPerMinute", LoginAttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in TellUsSettings)
        {
            builder.UseSetting($"TellUs:{key}", value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<ILogEventSink>(Logs);

            // Real hashing, fewer rounds: hundreds of sign-ins per run stay fast.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1000);
        });
    }

    /// <summary>The sign-in rate limit for this app; high by default so the suite never trips it by accident.</summary>
    protected virtual int LoginAttemptsPerMinute => 100_000;

    /// <summary>
    /// The public cards' rate limits (section TellUs); high by default, because every test client shares one address.
    /// The abuse tests lower them. The caps on kept cards stay at the app's defaults unless a test says otherwise.
    /// </summary>
    protected virtual IReadOnlyDictionary<string, string> TellUsSettings { get; } = new Dictionary<string, string>
    {
        ["ClientPostsPerWindow"] = "100000",
        ["StorePostsPerWindow"] = "100000",
    };

    /// <summary>Creates a staff account directly (as the owner's admin pages would) and returns how to sign in as it.</summary>
    public async Task<StaffLogin> CreateStaffAsync(string displayName, string role, params int[] storeIds)
    {
        ArgumentNullException.ThrowIfNull(storeIds);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{displayName.Replace(' ', '.').ToLowerInvariant()}.{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, DisplayName = displayName, EmailConfirmed = true };
        var created = await users.CreateAsync(user, StaffLogin.Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        if (storeIds.Length > 0)
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.StoreMembers.AddRange(storeIds.Select(id => new StoreMember(user.Id, id)));
            await db.SaveChangesAsync();
        }

        return new StaffLogin(user.Id, email, displayName, role);
    }

    private readonly SemaphoreSlim _standardGate = new(1, 1);
    private Dictionary<string, StaffLogin>? _standard;

    /// <summary>"Test owner", "Test manager" and "Test cashier" (the last two at the default store), made once per app.</summary>
    public async Task<StaffLogin> StandardStaffAsync(string role)
    {
        await _standardGate.WaitAsync();
        try
        {
            if (_standard is null)
            {
                var store = await DefaultStoreIdAsync();
                _standard = new Dictionary<string, StaffLogin>
                {
                    [Roles.Owner] = await CreateStaffAsync("Test owner", Roles.Owner),
                    [Roles.Manager] = await CreateStaffAsync("Test manager", Roles.Manager, store),
                    [Roles.Cashier] = await CreateStaffAsync("Test cashier", Roles.Cashier, store),
                };
            }

            return _standard[role];
        }
        finally
        {
            _standardGate.Release();
        }
    }

    /// <summary>A browser-like client (cookies, no auto-redirect) that has signed in through the real login form.</summary>
    public async Task<HttpClient> SignedInClientAsync(StaffLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });
        await client.SignInAsync(login.Email, StaffLogin.Password);
        return client;
    }

    public async Task<HttpClient> SignedInClientAsync(string role) => await SignedInClientAsync(await StandardStaffAsync(role));

    /// <summary>A scope with the app's own DbContext, to arrange or inspect data directly.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await action(db);
    }

    public Task WithDbAsync(Func<AppDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return true;
    });

    /// <summary>Runs a mediator request as "Test owner" (every store), or as the given staff member.</summary>
    public async Task<TResponse> SendAsync<TResponse>(MediatR.IRequest<TResponse> request, StaffLogin? asUser = null)
    {
        var user = asUser ?? await StandardStaffAsync(Roles.Owner);
        await using var scope = Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>();
        accessor.HttpContext = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [
                    new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id),
                    new System.Security.Claims.Claim(ServiceRecovery.Web.Infrastructure.Auth.AppClaims.DisplayName, user.DisplayName),
                    new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, user.Role),
                ],
                "Test")),
            RequestServices = scope.ServiceProvider,
        };
        try
        {
            return await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(request);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    public Task<int> DefaultStoreIdAsync() => WithDbAsync(db => db.Stores.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _standardGate.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (_ownsDataDirectory)
            {
                try
                {
                    Directory.Delete(_dataDirectory, recursive: true);
                }
                catch (IOException)
                {
                    // Best effort: a temp folder left behind is harmless.
                }
                catch (UnauthorizedAccessException)
                {
                    // Likewise.
                }
            }
        }
    }
}
