using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>Who is asking.</summary>
public enum Who
{
    Anonymous,
    CashierA,
    ManagerA,
    ManagerB,
    Owner,

    /// <summary>A cashier of store A whose account was disabled after signing in; replays the old cookie on every request.</summary>
    Disabled,

    /// <summary>Not in the matrix: the second identity of the IDOR checks.</summary>
    CashierB,
}

/// <summary>One route and verb of the app as its endpoint list has it, e.g. "POST Apology /Cases/{id:int}".</summary>
public sealed partial record AppEndpoint(string Route, string Verb, string? Handler)
{
    public bool HasParameters => Route.Contains('{', StringComparison.Ordinal);

    public bool IsPost => Verb == "POST";

    /// <summary>A concrete URL: an {id} is the given case; optional parameters are left out; any other gets 1.</summary>
    public string Url(int caseId)
    {
        var path = "/" + Parameter().Replace(Route, m =>
            m.Groups["optional"].Success ? string.Empty
            : m.Groups["name"].Value == "id" ? caseId.ToString(CultureInfo.InvariantCulture)
            : "1").TrimEnd('/');
        return Handler is null ? path : $"{path}?handler={Handler}";
    }

    public override string ToString() => $"{Verb}{(Handler is null ? string.Empty : " " + Handler)} /{Route}";

    [GeneratedRegex(@"\{(?<name>\w+)(:[^}?]*)?(?<optional>\?)?\}")]
    private static partial Regex Parameter();
}

/// <summary>An expected answer; <see cref="TakesEffect"/> says whether the action should have changed something.</summary>
public sealed record Expect(string Name, Func<HttpResponseMessage, bool> Matches, bool TakesEffect = false)
{
    public static readonly Expect Ok = new("200", r => r.StatusCode == HttpStatusCode.OK);
    public static readonly Expect Forbidden = new("403", r => r.StatusCode == HttpStatusCode.Forbidden);
    public static readonly Expect NotFound = new("404", r => r.StatusCode == HttpStatusCode.NotFound);
    public static readonly Expect BadRequest = new("400", r => r.StatusCode == HttpStatusCode.BadRequest);
    public static readonly Expect Login = new("302 to sign in", Answers.IsLoginChallenge);
    public static readonly Expect Denied = new("302 to access denied", Answers.IsAccessDenied);
    public static readonly Expect SignedOut = new("302 to the login page, signed out", r => r.StatusCode == HttpStatusCode.Redirect && Answers.Location(r) == Answers.LoginPath);
    public static readonly Expect ToToday = new("302 to /Today", r => r.StatusCode == HttpStatusCode.Redirect && Answers.Location(r) == "/Today");
    public static readonly Expect BackToQueue = new("302 to the queue, done", r => r.StatusCode == HttpStatusCode.Redirect && Answers.Location(r) == "/Queue", TakesEffect: true);
    public static readonly Expect CardKept = new("302 to the card's thank-you page, kept", r => r.StatusCode == HttpStatusCode.Redirect && ThanksLocation().IsMatch(Answers.Location(r) ?? string.Empty), TakesEffect: true);
    public static readonly Expect CardRenewed = new("302 back to the printed card, renewed", r => r.StatusCode == HttpStatusCode.Redirect && (Answers.Location(r) ?? string.Empty).StartsWith("/Cards/Print/", StringComparison.Ordinal), TakesEffect: true);
    public static readonly Expect BackToCards = new("302 to the store's cards, done", r => r.StatusCode == HttpStatusCode.Redirect && (Answers.Location(r) ?? string.Empty).StartsWith("/Cards?store=", StringComparison.Ordinal), TakesEffect: true);
    public static readonly Expect Done = new("302 to the case, done", r => r.StatusCode == HttpStatusCode.Redirect && CaseLocation().IsMatch(Answers.Location(r) ?? string.Empty), TakesEffect: true);

    /// <summary>Got past sign-in and authorization to the page itself (for owner pages whose exact answer the matrix cannot know yet).</summary>
    public static readonly Expect Reached = new("reached the page", r =>
        !Answers.IsLoginChallenge(r) && !Answers.IsAccessDenied(r) && r.StatusCode is not (HttpStatusCode.NotFound or HttpStatusCode.BadRequest or HttpStatusCode.Forbidden) && (int)r.StatusCode < 500);

    public override string ToString() => Name;

    private static Regex ThanksLocation() => new(@"^/tell-us/[0-9a-f]{32}/thanks\?kind=Suggestion$", RegexOptions.None, TimeSpan.FromSeconds(1));

    private static Regex CaseLocation() => new(@"^/Cases/[0-9]+$", RegexOptions.None, TimeSpan.FromSeconds(1));
}

/// <summary>What one request sends, and how to tell afterwards whether it changed anything.</summary>
public sealed record Act(string Url, IReadOnlyList<KeyValuePair<string, string>> Fields, Func<Task<bool>>? Changed = null);

/// <summary>The people and data of the matrix: two stores, staff at each, an owner, a disabled cashier, a case of store A.</summary>
public sealed record People(int StoreA, int StoreB, int CaseA, StaffLogin CashierA, StaffLogin ManagerA, StaffLogin ManagerB, StaffLogin CashierB, StaffLogin Owner, string DisabledCookie);

/// <summary>
/// The access rules, one per route and verb (or per route prefix), with the exact answer each identity gets. An endpoint
/// of the app with no rule fails the suite: a new page must say here who may use it.
/// </summary>
public sealed record Rule(string Route, string Verb, string? Handler, Expect Anonymous, Expect CashierA, Expect ManagerA, Expect ManagerB, Expect Owner, Expect Disabled)
{
    /// <summary>Builds the request (and arranges its data); by default the route with a case of store A, posting nothing but the token.</summary>
    public Func<MatrixApp, People, AppEndpoint, Task<Act>> Arrange { get; init; } =
        (_, people, endpoint) => Task.FromResult(new Act(endpoint.Url(people.CaseA), []));

    /// <summary>Why this POST needs no antiforgery token; null for every handler that changes anything.</summary>
    public string? CsrfExempt { get; init; }

    /// <summary>For prefix rules: only routes with (true) or without (false) parameters.</summary>
    public bool? WithParameters { get; init; }

    public bool IsPrefix => Route.EndsWith('*');

    public bool Covers(AppEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return IsPrefix
            ? endpoint.Route.StartsWith(Route.TrimEnd('*'), StringComparison.OrdinalIgnoreCase) && endpoint.Verb == Verb
                && (Handler == "*" || Handler == endpoint.Handler) && (WithParameters is null || WithParameters == endpoint.HasParameters)
            : endpoint.Route == Route && endpoint.Verb == Verb && endpoint.Handler == Handler;
    }

    public Expect For(Who who) => who switch
    {
        Who.Anonymous => Anonymous,
        Who.CashierA => CashierA,
        Who.ManagerA => ManagerA,
        Who.ManagerB => ManagerB,
        Who.Owner => Owner,
        Who.Disabled => Disabled,
        _ => throw new ArgumentOutOfRangeException(nameof(who), who, "Not a matrix identity."),
    };
}

/// <summary>The app of the matrix, with its people made once.</summary>
public sealed class MatrixApp : AppFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private People? _people;

    public async Task<People> PeopleAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _people ??= await ArrangePeopleAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The app's own list of endpoints: every page route with each of its handlers, and the other routes (health).</summary>
    public async Task<IReadOnlyList<AppEndpoint>> EndpointsAsync()
    {
        var loader = Services.GetRequiredService<PageLoader>();
        var found = new List<AppEndpoint>();
        foreach (var endpoint in Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = endpoint.RoutePattern.RawText!.Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                found.AddRange(compiled.HandlerMethods.Count == 0
                    ? [new AppEndpoint(route, "GET", null)]
                    : compiled.HandlerMethods.Select(h => new AppEndpoint(route, h.HttpMethod.ToUpperInvariant(), h.Name)));
            }
            else
            {
                var verbs = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                found.AddRange(verbs.Select(verb => new AppEndpoint(route, verb.ToUpperInvariant(), null)));
            }
        }

        return found.Distinct().OrderBy(e => e.Route, StringComparer.Ordinal).ThenBy(e => e.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>A fresh browser for the identity, signed in through the login form (the disabled one replays its dead cookie).</summary>
    public async Task<CookieSession> SessionAsync(Who who)
    {
        var people = await PeopleAsync();
        if (who == Who.Disabled)
        {
            return new CookieSession(this, people.DisabledCookie);
        }

        var session = new CookieSession(this);
        var login = who switch
        {
            Who.CashierA => people.CashierA,
            Who.ManagerA => people.ManagerA,
            Who.ManagerB => people.ManagerB,
            Who.CashierB => people.CashierB,
            Who.Owner => people.Owner,
            _ => null,
        };
        return login is null ? session : await session.SignInAsync(login);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _gate.Dispose();
        }
    }

    private async Task<People> ArrangePeopleAsync()
    {
        var storeA = await DefaultStoreIdAsync();
        var storeB = await this.StoreAsync("Store B");
        var cashierA = await CreateStaffAsync("Cashier A", Roles.Cashier, storeA);
        var disabled = await CreateStaffAsync("Disabled cashier A", Roles.Cashier, storeA);

        // The disabled identity: signed in, then disabled as the owner's page does, and the session's next check is due.
        string cookie;
        using (var session = await new CookieSession(this).SignInAsync(disabled))
        {
            cookie = session.Cookie(CookieSession.AuthCookie)!;
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Today")).StatusCode);
        }

        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(disabled.Id))!;
            user.IsDisabled = true;
            Assert.True((await users.UpdateAsync(user)).Succeeded);
            Assert.True((await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue)).Succeeded);
            Assert.True((await users.UpdateSecurityStampAsync(user)).Succeeded);
            Clock.Advance(scope.ServiceProvider.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval + TimeSpan.FromSeconds(1));
        }

        return new People(
            storeA,
            storeB,
            await this.CaseAsync(storeA, "Matrix: the case of store A"),
            cashierA,
            await CreateStaffAsync("Manager A", Roles.Manager, storeA),
            await CreateStaffAsync("Manager B", Roles.Manager, storeB),
            await CreateStaffAsync("Cashier B", Roles.Cashier, storeB),
            await CreateStaffAsync("Owner", Roles.Owner),
            cookie);
    }
}

/// <summary>The rule table.</summary>
public static class AccessRules
{
    private static readonly Expect Ok = Expect.Ok;
    private static readonly Expect Login = Expect.Login;
    private static readonly Expect Denied = Expect.Denied;
    private static readonly Expect NotFound = Expect.NotFound;
    private static readonly Expect Done = Expect.Done;

    public static IReadOnlyList<Rule> All { get; } =
    [
        //                                                                  anonymous  cashier A  manager A  manager B  owner      disabled
        new("", "GET", null, Login, Expect.ToToday, Expect.ToToday, Expect.ToToday, Expect.ToToday, Login),
        new("Index", "GET", null, Login, Expect.ToToday, Expect.ToToday, Expect.ToToday, Expect.ToToday, Login),
        new("health", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok),
        new("healthz", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok),
        new("Error/{code:int?}", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok),
        new("Error/{code:int?}", "POST", null, Ok, Ok, Ok, Ok, Ok, Ok)
        {
            CsrfExempt = "the error page re-executes failed POSTs (a 400 from a bad token among them); it only shows a message and changes nothing",
        },
        new("Setup", "GET", null, NotFound, NotFound, NotFound, NotFound, NotFound, NotFound),
        new("Setup", "POST", null, NotFound, NotFound, NotFound, NotFound, NotFound, NotFound),

        new("Account/Login", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok),
        new("Account/Login", "POST", null, Ok, Ok, Ok, Ok, Ok, Ok),
        new("Account/Logout", "GET", null, Login, Ok, Ok, Ok, Ok, Login),
        new("Account/Logout", "POST", null, Login, Expect.SignedOut, Expect.SignedOut, Expect.SignedOut, Expect.SignedOut, Login),
        new("Account/ChangePassword", "GET", null, Login, Ok, Ok, Ok, Ok, Login),
        new("Account/ChangePassword", "POST", null, Login, Ok, Ok, Ok, Ok, Login),
        new("Account/AccessDenied", "GET", null, Login, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Expect.Forbidden, Login),

        new("Today", "GET", null, Login, Ok, Ok, Ok, Ok, Login),
        new("Queue", "GET", null, Login, Denied, Ok, Ok, Ok, Login),
        new("Queue", "POST", "Approve", Login, Denied, Expect.BackToQueue, NotFound, Expect.BackToQueue, Login)
        {
            Arrange = async (app, people, endpoint) =>
            {
                var (id, compensation) = await app.PendingCompensationCaseAsync(people.StoreA, people.CashierA);
                var version = await app.VersionAsync(id);
                return new Act(
                    endpoint.Url(id),
                    [
                        new("caseId", id.ToString(CultureInfo.InvariantCulture)),
                        new("version", version.ToString(CultureInfo.InvariantCulture)),
                        new("compensationId", compensation.ToString(CultureInfo.InvariantCulture)),
                    ],
                    async () => await app.VersionAsync(id) != version);
            },
        },
        new("Dashboard", "GET", null, Login, Denied, Ok, Ok, Ok, Login),
        new("Dashboard", "GET", "CasesCsv", Login, Denied, Ok, Ok, Ok, Login),
        new("Dashboard", "GET", "KpisCsv", Login, Denied, Ok, Ok, Ok, Login),
        new("Cases/Log", "GET", null, Login, Ok, Ok, Ok, Ok, Login),
        new("Cases/Log", "POST", null, Login, Done, Done, NotFound, Done, Login) { Arrange = LogAtStoreA },
        new("Cases/{id:int}", "GET", null, Login, Ok, Ok, NotFound, Ok, Login),
        new("Cases/{id:int}", "POST", "Apology", Login, Done, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("Apology", async (app, people) => (await app.CaseAsync(people.StoreA), [("Apology.Method", "InPerson")])),
        },
        new("Cases/{id:int}", "POST", "Compensation", Login, Done, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("Compensation", async (app, people) => (await app.CaseAsync(people.StoreA),
                [("Compensation.Kind", "Remake"), ("Compensation.Description", "Made again"), ("Compensation.Amount", "3.50")])),
        },
        new("Cases/{id:int}", "POST", "FollowUp", Login, Denied, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("FollowUp", async (app, people) => (await app.CaseAsync(people.StoreA), [("FollowUp.Channel", "Phone"), ("FollowUp.Outcome", "Satisfied")])),
        },
        new("Cases/{id:int}", "POST", "Resolve", Login, Denied, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("Resolve", async (app, people) => (await app.ApologisedAndFollowedUpCaseAsync(people.StoreA),
                [("Resolve.RootCause", "ProcessError"), ("Resolve.Dimension", "Reliability"), ("Resolve.Outcome", "WonBack")])),
        },
        new("Cases/{id:int}", "POST", "Reopen", Login, Denied, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("Reopen", async (app, people) => (await app.ResolvedCaseAsync(people.StoreA), [("Reopen.Reason", "The customer came back")])),
        },
        new("Cases/{id:int}", "POST", "SeverityChange", Login, Denied, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("SeverityChange", async (app, people) => (await app.CaseAsync(people.StoreA), [("SeverityChange.Severity", "Major"), ("SeverityChange.Reason", "Cold food for a whole table")])),
        },
        new("Cases/{id:int}", "POST", "Decision", Login, Denied, Done, NotFound, Done, Login)
        {
            Arrange = OnCase("Decision", async (app, people) =>
            {
                var (id, compensation) = await app.PendingCompensationCaseAsync(people.StoreA, people.CashierA);
                return (id, [("Decision.CompensationId", compensation.ToString(CultureInfo.InvariantCulture)), ("Decision.Approve", "true")]);
            }),
        },

        // Tell-us cards (issue 6). The public card is anyone's who has the store's token; signed-in or not changes nothing.
        new("tell-us/{token}", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok) { Arrange = CardOfStoreA(string.Empty) },
        new("tell-us/{token}", "POST", null, Expect.CardKept, Expect.CardKept, Expect.CardKept, Expect.CardKept, Expect.CardKept, Expect.CardKept) { Arrange = SuggestionAtStoreA },
        new("tell-us/{token}/thanks", "GET", null, Ok, Ok, Ok, Ok, Ok, Ok) { Arrange = CardOfStoreA("/thanks?kind=Complaint&contact=true") },
        new("Cards", "GET", null, Login, Denied, Ok, Ok, Ok, Login),
        new("Cards", "POST", "Status", Login, Denied, Expect.BackToCards, NotFound, Expect.BackToCards, Login) { Arrange = SuggestionStatusAtStoreA },
        new("Cards/Print/{id:int}", "GET", null, Login, Denied, Denied, Denied, Ok, Login)
        {
            Arrange = (_, people, endpoint) => Task.FromResult(new Act("/Cards/Print/" + people.StoreA.ToString(CultureInfo.InvariantCulture), [])),
        },
        new("Cards/Print/{id:int}", "POST", "Renew", Login, Denied, Denied, Denied, Expect.CardRenewed, Login)
        {
            Arrange = async (app, people, endpoint) =>
            {
                // Store B, so the public card rules above keep store A's address.
                var before = await app.TokenAsync(people.StoreB);
                return new Act($"/Cards/Print/{people.StoreB.ToString(CultureInfo.InvariantCulture)}?handler=Renew", [], async () => await app.TokenAsync(people.StoreB) != before);
            },
        },

        // Administration (stores, staff, targets) is the owner's alone, whatever its pages turn out to be. Pages with an
        // exact rule above this prefix keep theirs; the owner's answer to a POST is the page's own business.
        new("Admin", "GET", null, Login, Denied, Denied, Denied, Ok, Login),

        // Staff pages take an account id; the matrix's id is not one, so the owner reaches the page and gets its 404.
        new("Admin/Staff/Edit/{id}", "GET", null, Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/Staff/Edit/{id}", "POST", "Access", Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/Staff/Edit/{id}", "POST", "Disable", Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/Staff/Edit/{id}", "POST", "Enable", Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/Staff/Edit/{id}", "POST", "Reset", Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/Staff/TemporaryPassword/{id}", "GET", null, Login, Denied, Denied, Denied, NotFound, Login),
        new("Admin/*", "GET", "*", Login, Denied, Denied, Denied, Ok, Login) { WithParameters = false },
        new("Admin/*", "GET", "*", Login, Denied, Denied, Denied, Expect.Reached, Login) { WithParameters = true },
        new("Admin/*", "POST", "*", Login, Denied, Denied, Denied, Expect.Reached, Login),
    ];

    /// <summary>The matrix identities, in the order they are reported.</summary>
    public static IReadOnlyList<Who> Identities { get; } = [Who.Anonymous, Who.CashierA, Who.ManagerA, Who.ManagerB, Who.Owner, Who.Disabled];

    /// <summary>The exact rule for an endpoint if there is one, else the prefix rule.</summary>
    public static Rule? For(AppEndpoint endpoint) =>
        All.FirstOrDefault(r => !r.IsPrefix && r.Covers(endpoint)) ?? All.FirstOrDefault(r => r.IsPrefix && r.Covers(endpoint));

    private static async Task<Act> LogAtStoreA(MatrixApp app, People people, AppEndpoint endpoint)
    {
        var key = Guid.NewGuid();
        return new Act(
            endpoint.Url(people.CaseA),
            [
                new("Failure.LogKey", key.ToString()), new("Failure.StoreId", people.StoreA.ToString(CultureInfo.InvariantCulture)),
                new("Failure.FailureType", "WrongOrder"), new("Failure.Severity", "Minor"), new("Failure.Channel", "Counter"),
                new("Failure.Description", "Matrix: logged at store A"),
            ],
            () => app.WithDbAsync(db => db.Cases.AnyAsync(c => c.LogKey == key)));
    }

    private static Func<MatrixApp, People, AppEndpoint, Task<Act>> CardOfStoreA(string rest) => async (app, people, _) =>
        new Act($"/tell-us/{await app.TokenAsync(people.StoreA)}{rest}", []);

    private static async Task<Act> SuggestionAtStoreA(MatrixApp app, People people, AppEndpoint endpoint)
    {
        var key = Guid.NewGuid();
        return new Act(
            $"/tell-us/{await app.TokenAsync(people.StoreA)}",
            [new("Card.SubmitKey", key.ToString()), new("Card.Kind", "Suggestion"), new("Card.Text", "Matrix: a suggestion for store A")],
            () => app.WithDbAsync(db => db.Suggestions.AnyAsync(s => s.SubmitKey == key)));
    }

    private static async Task<Act> SuggestionStatusAtStoreA(MatrixApp app, People people, AppEndpoint endpoint)
    {
        var id = await app.SuggestionAsync(people.StoreA, "Matrix: a suggestion to consider");
        return new Act(
            "/Cards?handler=Status",
            [new("suggestionId", id.ToString(CultureInfo.InvariantCulture)), new("version", "1"), new("status", "Considered")],
            () => app.WithDbAsync(db => db.Suggestions.AnyAsync(s => s.Id == id && s.Status != SuggestionStatus.New)));
    }

    /// <summary>A fresh case of store A in the state the action needs, posted with the form's case id and version.</summary>
    private static Func<MatrixApp, People, AppEndpoint, Task<Act>> OnCase(
        string form, Func<MatrixApp, People, Task<(int Id, (string Name, string Value)[] Fields)>> arrange) => async (app, people, endpoint) =>
    {
        var (id, fields) = await arrange(app, people);
        var version = await app.VersionAsync(id);
        List<KeyValuePair<string, string>> posted =
        [
            new($"{form}.CaseId", id.ToString(CultureInfo.InvariantCulture)),
            new($"{form}.Version", version.ToString(CultureInfo.InvariantCulture)),
            .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)),
        ];
        return new Act(endpoint.Url(id), posted, async () => await app.VersionAsync(id) != version);
    };
}
