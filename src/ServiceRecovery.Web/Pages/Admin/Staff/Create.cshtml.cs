using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

[Authorize(Roles = Roles.Owner)]
public sealed class CreateModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public CreateStaff.Command Staff { get; set; } = new();

    public IReadOnlyList<StoreOption> Stores { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Stores = await mediator.Send(new StoreOptions.Query(), cancellationToken);
        Staff.Role = StaffRole.Cashier;
        if (Stores.Count == 1)
        {
            Staff.StoreIds = [Stores[0].Id];
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValidFor(nameof(Staff)))
        {
            try
            {
                var created = await mediator.Send(Staff, cancellationToken);
                TemporaryPasswordModel.Hand(TempData, created.UserId, created.TemporaryPassword);
                return RedirectToPage("TemporaryPassword", new { id = created.UserId });
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Staff));
            }
        }

        Stores = await mediator.Send(new StoreOptions.Query(), cancellationToken);
        return Page();
    }
}
