using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Setup;

/// <summary>First run only: creates the first owner. Gone (404) as soon as an owner exists.</summary>
[AllowAnonymous]
[EnableRateLimiting(AuthSetup.LoginRateLimitPolicy)]
public sealed partial class IndexModel(
    UserManager<AppUser> users, SignInManager<AppUser> signIn, OwnerSetup setup, IWebHostEnvironment environment, ILogger<IndexModel> logger) : PageModel
{
    [BindProperty]
    public OwnerInput Input { get; set; } = new();

    /// <summary>Outside Development the one-time code from the data folder is required.</summary>
    public bool NeedsCode => !environment.IsDevelopment();

    public string CodePath => setup.CodePath;

    public async Task<IActionResult> OnGetAsync() => await OwnerExistsAsync() ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (await OwnerExistsAsync())
        {
            return NotFound();
        }

        if (NeedsCode && !setup.Matches(Input.SetupCode))
        {
            ModelState.AddModelError("Input.SetupCode", "That is not the setup code. Copy it from the file named below.");
        }

        if (string.IsNullOrWhiteSpace(Input.DisplayName))
        {
            ModelState.AddModelError("Input.DisplayName", "Enter your name as staff will see it.");
        }

        if (string.IsNullOrWhiteSpace(Input.Email) || !Input.Email.Contains('@', StringComparison.Ordinal))
        {
            ModelState.AddModelError("Input.Email", "Enter the email you will sign in with.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var owner = new AppUser { UserName = Input.Email!.Trim(), Email = Input.Email.Trim(), DisplayName = Input.DisplayName!.Trim(), EmailConfirmed = true };
        var created = await users.CreateAsync(owner, Input.Password ?? string.Empty);
        if (!created.Succeeded)
        {
            foreach (var error in created.Errors)
            {
                ModelState.AddModelError(error.Code.Contains("Password", StringComparison.Ordinal) ? "Input.Password" : "Input.Email", error.Description);
            }

            return Page();
        }

        await users.AddToRoleAsync(owner, Roles.Owner);
        setup.Consume();
        LogOwnerCreated(logger, owner.Id);
        await signIn.SignInAsync(owner, isPersistent: false);
        return RedirectToPage("/Today/Index");
    }

    private async Task<bool> OwnerExistsAsync() => (await users.GetUsersInRoleAsync(Roles.Owner)).Count > 0;

    [LoggerMessage(Level = LogLevel.Warning, Message = "First owner account created: user {UserId}")]
    private static partial void LogOwnerCreated(ILogger logger, string userId);

    public sealed class OwnerInput
    {
        public string? SetupCode { get; set; }

        public string? DisplayName { get; set; }

        public string? Email { get; set; }

        public string? Password { get; set; }
    }
}
