using System.Security.Claims;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ServiceRecovery.Web.Pages.Account;

public sealed partial class AccessDeniedModel(ILogger<AccessDeniedModel> logger) : PageModel
{
    public void OnGet(string? returnUrl)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        LogDenied(logger, User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous", LoginModel.SafeReturnUrl(returnUrl));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Access denied for user {UserId} to {Path}")]
    private static partial void LogDenied(ILogger logger, string userId, string path);
}
