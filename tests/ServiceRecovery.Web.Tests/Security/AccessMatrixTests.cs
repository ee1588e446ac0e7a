using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>
/// Who may do what, from the app's own endpoint list: the role × page × verb matrix, CSRF on every POST handler,
/// IDOR on every id-bearing route, and the security headers on every answer.
/// </summary>
public sealed class AccessMatrixTests(MatrixApp app) : IClassFixture<MatrixApp>
{
    private const string TokenField = "__RequestVerificationToken";

    [Fact]
    public async Task Every_endpoint_of_the_app_has_a_rule_and_every_exact_rule_an_endpoint()
    {
        var endpoints = await app.EndpointsAsync();

        var missing = endpoints.Where(e => AccessRules.For(e) is null).Select(e => $"add a rule for {e} to AccessRules").ToList();
        var stale = AccessRules.All.Where(r => !r.IsPrefix && !endpoints.Any(r.Covers)).Select(r => $"the rule for {r.Verb} {r.Handler} /{r.Route} matches no endpoint").ToList();

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
        Assert.True(stale.Count == 0, string.Join(Environment.NewLine, stale));
        Assert.Contains(endpoints, e => e.Route == "Cases/{id:int}" && e.Handler == "Decision");
        Assert.Contains(endpoints, e => e.Route == "health");
    }

    [Fact]
    public async Task Every_endpoint_answers_each_identity_exactly_as_its_rule_says_with_the_security_headers()
    {
        var people = await app.PeopleAsync();
        var endpoints = await app.EndpointsAsync();
        var failures = new List<string>();
        var checkedCells = 0;

        foreach (var who in AccessRules.Identities)
        {
            using var reader = await app.SessionAsync(who);
            foreach (var endpoint in endpoints)
            {
                var rule = AccessRules.For(endpoint) ?? throw new Xunit.Sdk.XunitException($"add a rule for {endpoint} to AccessRules");
                var expected = rule.For(who);
                var act = await rule.Arrange(app, people, endpoint);
                HttpResponseMessage response;
                if (endpoint.IsPost)
                {
                    using var poster = await app.SessionAsync(who);
                    response = await poster.Client.PostFieldsAsync(act.Url, [.. act.Fields, new(TokenField, await TokenAsync(poster))]);
                }
                else
                {
                    response = await reader.GetAsync(act.Url);
                }

                checkedCells++;
                var cell = $"{who,-9} {endpoint}";
                if (!expected.Matches(response))
                {
                    failures.Add($"{cell}: expected {expected}, got {Answers.Describe(response)}");
                }

                if (act.Changed is not null && await act.Changed() != expected.TakesEffect)
                {
                    failures.Add($"{cell}: {(expected.TakesEffect ? "should have changed the data but did not" : "changed the data")}");
                }

                failures.AddRange(MissingHeaders(response).Select(problem => $"{cell}: {problem}"));
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCells} answers differ from the rules:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
        Assert.Equal(endpoints.Count * AccessRules.Identities.Count, checkedCells);
    }

    [Fact]
    public async Task Every_post_handler_refuses_a_request_without_a_token_or_with_another_sessions_token_and_changes_nothing()
    {
        var people = await app.PeopleAsync();
        var failures = new List<string>();
        var posts = (await app.EndpointsAsync()).Where(e => e.IsPost).ToList();
        Assert.Contains(posts, e => e.Handler == "Decision");

        foreach (var endpoint in posts)
        {
            var rule = AccessRules.For(endpoint)!;
            if (rule.CsrfExempt is not null)
            {
                continue;
            }

            // The owner reaches every page; anonymous visitors also try the pages open to them.
            foreach (var who in rule.Anonymous == Expect.Login ? [Who.Owner] : new[] { Who.Owner, Who.Anonymous })
            {
                using var session = await app.SessionAsync(who);
                using var other = await app.SessionAsync(who);
                _ = await TokenAsync(session);

                var withoutToken = await rule.Arrange(app, people, endpoint);
                var response = await session.Client.PostFieldsAsync(withoutToken.Url, withoutToken.Fields);
                await CheckAsync($"{who} {endpoint} without a token", withoutToken, response);

                var withOtherToken = await rule.Arrange(app, people, endpoint);
                response = await session.Client.PostFieldsAsync(withOtherToken.Url, [.. withOtherToken.Fields, new(TokenField, await TokenAsync(other))]);
                await CheckAsync($"{who} {endpoint} with another session's token", withOtherToken, response);
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));

        async Task CheckAsync(string cell, Act act, HttpResponseMessage response)
        {
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"{cell}: expected 400, got {Answers.Describe(response)}");
            }

            failures.AddRange(MissingHeaders(response).Select(problem => $"{cell}: {problem}"));
            if (act.Changed is { } changed && await changed())
            {
                failures.Add($"{cell}: changed the data");
            }
        }
    }

    [Fact]
    public async Task Every_id_bearing_route_answers_404_to_staff_of_another_store_and_changes_nothing()
    {
        var people = await app.PeopleAsync();
        var failures = new List<string>();
        var idRoutes = (await app.EndpointsAsync())
            .Where(e => e.HasParameters && !e.Route.StartsWith("Error/", StringComparison.Ordinal) && !e.Route.StartsWith("Admin/", StringComparison.Ordinal)
                // A store's public card is reached by its secret token, not by who is asking; printing it is the owner's alone.
                && !e.Route.StartsWith("tell-us/", StringComparison.Ordinal) && !e.Route.StartsWith("Cards/Print/", StringComparison.Ordinal))
            .ToList();
        Assert.Contains(idRoutes, e => e.Route == "Cases/{id:int}" && e.Handler == "Resolve");

        foreach (var who in new[] { Who.ManagerB, Who.CashierB })
        {
            using var reader = await app.SessionAsync(who);
            foreach (var endpoint in idRoutes)
            {
                var act = await AccessRules.For(endpoint)!.Arrange(app, people, endpoint);
                HttpResponseMessage response;
                if (endpoint.IsPost)
                {
                    using var poster = await app.SessionAsync(who);
                    response = await poster.Client.PostFieldsAsync(act.Url, [.. act.Fields, new(TokenField, await TokenAsync(poster))]);
                }
                else
                {
                    response = await reader.GetAsync(act.Url);
                }

                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    failures.Add($"{who} {endpoint}: expected 404, got {Answers.Describe(response)}");
                }

                if (act.Changed is not null && await act.Changed())
                {
                    failures.Add($"{who} {endpoint}: changed the data");
                }
            }

            // Store ids in the query and in a form are ids too.
            var today = await reader.GetAsync($"/Today?storeId={people.StoreA}");
            if (today.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{who} GET /Today?storeId=A: expected 404, got {Answers.Describe(today)}");
            }

            using var logger = await app.SessionAsync(who);
            var key = Guid.NewGuid();
            var logged = await logger.Client.PostFieldsAsync("/Cases/Log",
            [
                new(TokenField, await TokenAsync(logger)), new("Failure.LogKey", key.ToString()), new("Failure.StoreId", people.StoreA.ToString(CultureInfo.InvariantCulture)),
                new("Failure.FailureType", "WrongOrder"), new("Failure.Description", "IDOR: logged at someone else's store"),
            ]);
            if (logged.StatusCode != HttpStatusCode.NotFound || await app.WithDbAsync(db => db.Cases.AnyAsync(c => c.LogKey == key)))
            {
                failures.Add($"{who} POST /Cases/Log with store A: expected 404 and no case, got {Answers.Describe(logged)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Another_stores_case_looks_exactly_like_one_that_does_not_exist()
    {
        var people = await app.PeopleAsync();
        using var managerB = await app.SessionAsync(Who.ManagerB);

        var othersCase = await managerB.GetAsync($"/Cases/{people.CaseA}");
        var noCase = await managerB.GetAsync($"/Cases/{people.CaseA + 1_000_000}");

        Assert.Equal(HttpStatusCode.NotFound, othersCase.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noCase.StatusCode);
        var (a, b) = (await HtmlForms.ParseAsync(othersCase), await HtmlForms.ParseAsync(noCase));
        Assert.Equal(b.Text("main h1"), a.Text("main h1"));
        Assert.Equal(b.Text("main p"), a.Text("main p"));
        Assert.DoesNotContain("Matrix: the case of store A", await othersCase.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Static_files_are_served_to_anonymous_visitors_with_the_security_headers()
    {
        using var anonymous = await app.SessionAsync(Who.Anonymous);

        foreach (var file in new[] { "/css/site.css", "/js/site.js", "/lib/bootstrap/dist/css/bootstrap.min.css", "/favicon.ico" })
        {
            var response = await anonymous.GetAsync(file);

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {Answers.Describe(response)}");
            Assert.Equal("nosniff", Answers.Header(response, "X-Content-Type-Options"));
            Assert.Contains("frame-ancestors 'none'", Answers.Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
            Assert.DoesNotContain("no-store", Answers.Header(response, "Cache-Control"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Being_denied_lands_on_a_403_page_that_offers_the_way_back()
    {
        var people = await app.PeopleAsync();
        var id = await app.ApologisedAndFollowedUpCaseAsync(people.StoreA);
        using var cashier = await app.SessionAsync(Who.CashierA);
        var page = await cashier.Client.GetDocumentAsync($"/Cases/{id}");
        Assert.Null(page.QuerySelector("form[action*='handler=Resolve']"));

        var denied = await cashier.Client.PostFieldsAsync($"/Cases/{id}?handler=Resolve",
        [
            new(TokenField, page.AntiforgeryToken()), new("Resolve.CaseId", $"{id}"), new("Resolve.Version", $"{await app.VersionAsync(id)}"),
            new("Resolve.RootCause", "ProcessError"), new("Resolve.Dimension", "Reliability"), new("Resolve.Outcome", "WonBack"),
        ]);
        var landing = await cashier.GetAsync(Answers.Location(denied)!);

        Assert.True(Answers.IsAccessDenied(denied), Answers.Describe(denied));
        Assert.Equal(HttpStatusCode.Forbidden, landing.StatusCode);
        Assert.Equal("Not allowed", (await HtmlForms.ParseAsync(landing)).Text("h1"));
        Assert.Empty((await app.LoadCaseAsync(id)).Resolutions);
    }

    [Theory]
    [InlineData("Admin/Stores", "GET", null)]
    [InlineData("Admin/Staff/{id}", "GET", null)]
    [InlineData("Admin/Staff/{id}", "POST", "Disable")]
    [InlineData("Admin/Targets", "POST", null)]
    public void An_admin_page_not_written_yet_is_already_the_owners_alone(string route, string verb, string? handler)
    {
        var rule = AccessRules.For(new AppEndpoint(route, verb, handler));

        Assert.NotNull(rule);
        Assert.Equal(Expect.Login, rule.For(Who.Anonymous));
        Assert.Equal(Expect.Login, rule.For(Who.Disabled));
        Assert.All(new[] { Who.CashierA, Who.ManagerA, Who.ManagerB }, who => Assert.Equal(Expect.Denied, rule.For(who)));
        Assert.Contains(rule.For(Who.Owner), new[] { Expect.Ok, Expect.Reached });
        Assert.Null(rule.CsrfExempt);
    }

    /// <summary>The antiforgery token a page of this session carries (the login page renders one for anyone).</summary>
    private static async Task<string> TokenAsync(CookieSession session) =>
        (await session.Client.GetDocumentAsync("/Account/Login")).AntiforgeryToken();

    /// <summary>What an answer lacks of the headers every answer must carry.</summary>
    private static IEnumerable<string> MissingHeaders(HttpResponseMessage response)
    {
        var csp = Answers.Header(response, "Content-Security-Policy");
        if (!csp.Contains("script-src 'self'", StringComparison.Ordinal) || csp.Contains("unsafe-inline", StringComparison.Ordinal) || csp.Contains("unsafe-eval", StringComparison.Ordinal))
        {
            yield return $"CSP allows inline or foreign script: '{csp}'";
        }

        if (!csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal))
        {
            yield return $"CSP lacks frame-ancestors 'none': '{csp}'";
        }

        if (Answers.Header(response, "X-Content-Type-Options") != "nosniff")
        {
            yield return "no X-Content-Type-Options: nosniff";
        }

        if (Answers.Header(response, "Referrer-Policy") is not ("no-referrer" or "same-origin" or "strict-origin-when-cross-origin"))
        {
            yield return $"Referrer-Policy is '{Answers.Header(response, "Referrer-Policy")}'";
        }

        if (!Answers.Header(response, "Cache-Control").Contains("no-store", StringComparison.Ordinal))
        {
            yield return $"Cache-Control is '{Answers.Header(response, "Cache-Control")}', not no-store";
        }
    }
}
