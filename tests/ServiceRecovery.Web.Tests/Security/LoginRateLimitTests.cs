using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>An app that allows three sign-in attempts a minute per client; the test server's clients say which address they come from.</summary>
public sealed class RateLimitedAppFactory : AppFactory
{
    public const string ClientAddressHeader = "X-Test-Client-Address";

    protected override int LoginAttemptsPerMinute => 3;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, ClientAddressFilter>());
    }

    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddressHeader, address);
        return client;
    }

    /// <summary>The test server has no network peer; this gives each request the address its client claims.</summary>
    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[ClientAddressHeader] is [{ } address])
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class LoginRateLimitTests(RateLimitedAppFactory factory) : IClassFixture<RateLimitedAppFactory>
{
    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_answer_429_with_a_clear_message_for_that_client_only()
    {
        var cashier = await factory.StandardStaffAsync(Roles.Cashier);
        using var guesser = factory.ClientFrom("203.0.113.7");
        using var colleague = factory.ClientFrom("203.0.113.8");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal(HttpStatusCode.OK, (await guesser.TrySignInAsync(cashier.Email, $"guess number {attempt}")).StatusCode);
        }

        var limited = await guesser.TrySignInAsync(cashier.Email, StaffLogin.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("Too many sign-in attempts from this device. Wait a minute and try again.", await limited.Content.ReadAsStringAsync());
        Assert.Equal("60", Answers.Header(limited, "Retry-After"));
        Assert.Contains("frame-ancestors 'none'", Answers.Header(limited, "Content-Security-Policy"), StringComparison.Ordinal);

        // Reading the login page is not limited, and another client signs in as usual.
        Assert.Equal(HttpStatusCode.OK, (await guesser.GetAsync(new Uri("/Account/Login", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.TrySignInAsync(cashier.Email, StaffLogin.Password)).StatusCode);
    }
}
