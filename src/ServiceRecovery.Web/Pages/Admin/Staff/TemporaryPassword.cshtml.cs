using System.Globalization;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>
/// Shows a new temporary password exactly once: it travels here in TempData (an encrypted cookie that is deleted
/// once read), so reloading the page, or the browser's cache, shows it no more.
/// </summary>
[Authorize(Roles = Roles.Owner)]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class TemporaryPasswordModel(IMediator mediator) : PageModel
{
    private const string PasswordKey = "TemporaryPassword";
    private const string ForKey = "TemporaryPasswordFor";

    public StaffMember.Model Member { get; private set; } = null!;

    /// <summary>Null when it was already shown.</summary>
    public string? Password { get; private set; }

    public static void Hand(ITempDataDictionary tempData, string userId, string password)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[PasswordKey] = password;
        tempData[ForKey] = userId;
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            Member = await mediator.Send(new StaffMember.Query(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        // Read both, so both are gone after this request. TempData hands a GUID-shaped string (the user id) back as a Guid.
        var password = TempData[PasswordKey] as string;
        var forUser = Convert.ToString(TempData[ForKey], CultureInfo.InvariantCulture);
        Password = string.Equals(forUser, id, StringComparison.OrdinalIgnoreCase) ? password : null;
        return Page();
    }
}
