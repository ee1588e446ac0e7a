using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

[Authorize(Roles = Roles.Owner)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<StaffMember.Model> Members { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Members = await mediator.Send(new StaffMember.ListQuery(), cancellationToken);
}
