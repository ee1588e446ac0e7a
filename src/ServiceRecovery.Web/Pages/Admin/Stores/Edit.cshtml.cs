using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Admin.Stores;

/// <summary>A new store (no id) or an existing one.</summary>
[Authorize(Roles = Roles.Owner)]
public sealed class EditModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public SaveStore.Command Store { get; set; } = new();

    public bool IsNew => Store.Id is null;

    public IReadOnlyList<TimeZoneChoices.Zone> Zones => TimeZoneChoices.Including(Store.TimeZoneId);

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken cancellationToken)
    {
        try
        {
            Store = await mediator.Send(new SaveStore.Query(id), cancellationToken);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken cancellationToken)
    {
        Store.Id = id;
        if (ModelState.IsValidFor(nameof(Store)))
        {
            try
            {
                await mediator.Send(Store, cancellationToken);
                TempData["Flash"] = IsNew ? $"Store \"{Store.Name!.Trim()}\" created." : "Store saved.";
                return RedirectToPage("Index");
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Store));
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        return Page();
    }
}
