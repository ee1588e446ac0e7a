using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Account;

[AllowAnonymous]
[EnableRateLimiting(AuthSetup.LoginRateLimitPolicy)]
public sealed partial class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, ILogger<LoginModel> logger) : PageModel
{
    private const string Failed = "That email and password do not match an active account.";

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool NoOwnerYet { get; private set; }

    public async Task OnGetAsync() => NoOwnerYet = (await users.GetUsersInRoleAsync(Roles.Owner)).Count == 0;

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Input.Email) || string.IsNullOrEmpty(Input.Password))
        {
            ModelState.AddModelError(string.Empty, "Enter your email and password.");
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null || user.IsDisabled)
        {
            LogFailed(logger, user?.Id ?? "unknown", user is null ? "no such account" : "account disabled");
            ModelState.AddModelError(string.Empty, Failed);
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(user, Input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            LogSignedIn(logger, user.Id);
            return LocalRedirect(SafeReturnUrl(ReturnUrl));
        }

        if (result.IsLockedOut)
        {
            LogLockedOut(logger, user.Id);
            ModelState.AddModelError(string.Empty, "Too many failed attempts: this account is locked for 15 minutes.");
            return Page();
        }

        LogFailed(logger, user.Id, "wrong password");
        ModelState.AddModelError(string.Empty, Failed);
        return Page();
    }

    /// <summary>Only a path on this site: never another host, whatever its spelling (//evil, /\evil, encoded forms).</summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return "/";
        }

        var decoded = Uri.UnescapeDataString(returnUrl);
        var isLocal = returnUrl.StartsWith('/') && decoded.StartsWith('/')
            && !decoded.StartsWith("//", StringComparison.Ordinal) && !decoded.StartsWith("/\\", StringComparison.Ordinal)
            && !decoded.Contains('\\', StringComparison.Ordinal) && !decoded.Any(char.IsControl);
        return isLocal ? returnUrl : "/";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in succeeded for user {UserId}")]
    private static partial void LogSignedIn(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in failed for user {UserId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account locked out after repeated failures: user {UserId}")]
    private static partial void LogLockedOut(ILogger logger, string userId);

    public sealed class LoginInput
    {
        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}
