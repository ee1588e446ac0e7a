using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ServiceRecovery.Web.Infrastructure;

public sealed class DevelopmentUserOptions : AuthenticationSchemeOptions
{
    public const string Scheme = "DevelopmentUser";

    public string Name { get; set; } = "Dev cashier";
}

/// <summary>
/// TEMPORARY, Development only: signs every request in as one configured user until real logins
/// (the "Logins, roles and stores" issue) replace it. Program.cs registers it only in Development.
/// </summary>
internal sealed class DevelopmentUserHandler(IOptionsMonitor<DevelopmentUserOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<DevelopmentUserOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, Options.Name)], DevelopmentUserOptions.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), DevelopmentUserOptions.Scheme)));
    }
}
