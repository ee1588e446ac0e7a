using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Pages.Admin;

[Authorize(Roles = Roles.Owner)]
public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
