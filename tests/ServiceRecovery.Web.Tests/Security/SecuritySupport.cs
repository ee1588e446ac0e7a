using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Pages.Cases;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>A browser session whose cookies a test can read, copy into another session, or replay after they should be dead.</summary>
public sealed class CookieSession : IDisposable
{
    public const string AuthCookie = "sr.auth";
    public const string AntiforgeryCookie = "sr.af";

    private readonly Uri _site;

    /// <param name="factory">The app.</param>
    /// <param name="replayedAuthCookie">An auth cookie put back into the jar before every request, as a replaying attacker would, even after the app deletes it.</param>
    public CookieSession(AppFactory factory, string? replayedAuthCookie = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _site = factory.ClientOptions.BaseAddress;
        Client = replayedAuthCookie is null
            ? factory.CreateDefaultClient(_site, new CookieContainerHandler(Cookies))
            : factory.CreateDefaultClient(_site, new ReplayHandler(this, replayedAuthCookie), new CookieContainerHandler(Cookies));
    }

    public CookieContainer Cookies { get; } = new();

    /// <summary>Does not follow redirects, so each response can be checked as sent.</summary>
    public HttpClient Client { get; }

    public string? Cookie(string name) => Cookies.GetCookies(_site)[name]?.Value;

    /// <summary>Puts a cookie into this session's jar, as a copied or stolen cookie would be.</summary>
    public void SetCookie(string name, string value) => Cookies.Add(_site, new Cookie(name, value, "/"));

    public async Task<CookieSession> SignInAsync(StaffLogin login)
    {
        ArgumentNullException.ThrowIfNull(login);
        await Client.SignInAsync(login.Email, StaffLogin.Password);
        Assert.NotNull(Cookie(AuthCookie));
        return this;
    }

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(new Uri(url, UriKind.Relative));

    public void Dispose() => Client.Dispose();

    private sealed class ReplayHandler(CookieSession session, string authCookie) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            session.SetCookie(AuthCookie, authCookie);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>What the app answered, in the words the tests use.</summary>
public static class Answers
{
    public const string LoginPath = "/Account/Login";
    public const string AccessDeniedPath = "/Account/AccessDenied";

    /// <summary>The redirect's target as a site-relative path and query (the cookie handler writes absolute URLs).</summary>
    public static string? Location(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.Location is not { } location ? null
            : location.IsAbsoluteUri ? location.PathAndQuery
            : location.OriginalString;
    }

    public static bool IsRedirectTo(HttpResponseMessage response, string path) =>
        response.StatusCode == HttpStatusCode.Redirect
        && Location(response) is { } location
        && (location == path || location.StartsWith(path + "?", StringComparison.OrdinalIgnoreCase));

    /// <summary>Sent to sign in (the challenge carries where to come back to).</summary>
    public static bool IsLoginChallenge(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && Location(response)?.StartsWith(LoginPath + "?ReturnUrl=", StringComparison.OrdinalIgnoreCase) == true;

    public static bool IsAccessDenied(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && Location(response)?.StartsWith(AccessDeniedPath + "?ReturnUrl=", StringComparison.OrdinalIgnoreCase) == true;

    public static string Describe(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return $"{(int)response.StatusCode}{(Location(response) is { } location ? " → " + location : string.Empty)}";
    }

    /// <summary>Every value of a response header, joined; empty when it is missing.</summary>
    public static string Header(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : string.Empty;
    }

    /// <summary>The Set-Cookie header that sets the named cookie (not the one that deletes it).</summary>
    public static string? SetCookie(HttpResponseMessage response, string name)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.FirstOrDefault(v => v.StartsWith(name + "=", StringComparison.Ordinal) && !v.StartsWith(name + "=;", StringComparison.Ordinal))
            : null;
    }
}

/// <summary>Stores and cases arranged directly, so a test starts from the state it needs in a line.</summary>
public static class Arrange
{
    public static Task<int> StoreAsync(this AppFactory factory, string name) => factory.WithDbAsync(async db =>
    {
        var store = new Store(name, "Europe/Prague", "EUR");
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        return store.Id;
    });

    /// <summary>A fresh case at the store, logged by the owner: awaiting the apology.</summary>
    public static Task<int> CaseAsync(this AppFactory factory, int storeId, string description = "Arranged: cold coffee") =>
        factory.SendAsync(new LogFailure.Command
        {
            LogKey = Guid.NewGuid(),
            StoreId = storeId,
            FailureType = FailureType.Quality,
            Description = description,
        });

    /// <summary>The secret token of a store's public card.</summary>
    public static Task<string> TokenAsync(this AppFactory factory, int storeId) =>
        factory.WithDbAsync(db => db.Stores.Where(s => s.Id == storeId).Select(s => s.FeedbackToken).SingleAsync());

    /// <summary>A new suggestion at the store, as a customer's card leaves it.</summary>
    public static Task<int> SuggestionAsync(this AppFactory factory, int storeId, string text) => factory.WithDbAsync(async db =>
    {
        var suggestion = new Suggestion(storeId, Guid.NewGuid(), text, null, factory.Clock.GetUtcNow().UtcDateTime);
        db.Suggestions.Add(suggestion);
        await db.SaveChangesAsync();
        return suggestion.Id;
    });

    public static async Task<int> VersionAsync(this AppFactory factory, int caseId) => (await factory.LoadCaseAsync(caseId)).Version;

    public static async Task<int> ApologisedAndFollowedUpCaseAsync(this AppFactory factory, int storeId)
    {
        var id = await factory.CaseAsync(storeId, "Arranged: ready to resolve");
        var version = await factory.SendAsync(new RecordApology.Command { CaseId = id, Version = 1 });
        await factory.SendAsync(new RecordFollowUp.Command { CaseId = id, Version = version, Outcome = CustomerOutcome.Satisfied });
        return id;
    }

    public static async Task<int> ResolvedCaseAsync(this AppFactory factory, int storeId)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var id = await factory.ApologisedAndFollowedUpCaseAsync(storeId);
        await factory.SendAsync(new ResolveCase.Command
        {
            CaseId = id,
            Version = await factory.VersionAsync(id),
            RootCause = RootCause.ProcessError,
            Dimension = ServiceDimension.Reliability,
            Outcome = ResolutionOutcome.WonBack,
        });
        return id;
    }

    /// <summary>A case whose compensation, added by a cashier of the store above the limit, waits for a manager.</summary>
    public static async Task<(int CaseId, int CompensationId)> PendingCompensationCaseAsync(this AppFactory factory, int storeId, StaffLogin cashier)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var id = await factory.CaseAsync(storeId, "Arranged: big compensation");
        await factory.SendAsync(new AddCompensation.Command { CaseId = id, Version = 1, Kind = CompensationKind.Voucher, Description = "Voucher", Amount = "40.00" }, cashier);
        var compensation = Assert.Single((await factory.LoadCaseAsync(id)).Compensations);
        Assert.Equal(CompensationApproval.Pending, compensation.Approval);
        return (id, compensation.Id);
    }
}
