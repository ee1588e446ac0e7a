using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>One store's overrides of the chain's targets; an empty field uses the chain's value.</summary>
[Authorize(Roles = Roles.Owner)]
public sealed class StoreModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public SaveStoreTargets.Command Targets { get; set; } = new();

    public TargetsOverview.Model Overview { get; private set; } = null!;

    public TargetsOverview.StoreRow Store => Overview.Stores[0];

    public async Task<IActionResult> OnGetAsync(int storeId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(storeId, cancellationToken))
        {
            return NotFound();
        }

        var own = Store.Override;
        Targets = new SaveStoreTargets.Command
        {
            MinutesToApology = TargetRules.Text(own?.MinutesToApology),
            HoursToFollowUp = TargetRules.Text(own?.HoursToFollowUp),
            HoursToFollowUpMajor = TargetRules.Text(own?.HoursToFollowUpMajor),
            CashierCompensationLimit = own?.CashierCompensationLimitMinor is { } limit ? TargetRules.LimitText(limit, Store.Currency) : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int storeId, CancellationToken cancellationToken)
    {
        Targets.StoreId = storeId;
        if (ModelState.IsValidFor(nameof(Targets)))
        {
            try
            {
                await mediator.Send(Targets, cancellationToken);
                TempData["Flash"] = "Store targets saved.";
                return RedirectToPage("Index");
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Targets));
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        return await LoadAsync(storeId, cancellationToken) ? Page() : NotFound();
    }

    /// <summary>The chain's value as a placeholder: what an empty field means.</summary>
    public string ChainLimit => Overview.Chain.CashierCompensationLimitMinor is { } limit ? TargetRules.LimitText(limit, Store.Currency) : string.Empty;

    private async Task<bool> LoadAsync(int storeId, CancellationToken cancellationToken)
    {
        try
        {
            Overview = await mediator.Send(new TargetsOverview.Query(storeId), cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
