using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Data;

namespace ServiceRecovery.Web.Pages.Account;

/// <summary>Signing out also renews the security stamp, so a copy of the old cookie stops working at its next check.</summary>
public sealed partial class LogoutModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, ILogger<LogoutModel> logger) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            LogSignedOut(logger, user.Id);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("/Account/Login");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Signed out: user {UserId}")]
    private static partial void LogSignedOut(ILogger logger, string userId);
}
