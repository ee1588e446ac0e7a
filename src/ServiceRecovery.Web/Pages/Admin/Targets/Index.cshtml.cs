using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Admin.Targets;

/// <summary>The chain-wide targets, and each store's values with a link to its overrides.</summary>
[Authorize(Roles = Roles.Owner)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public SaveChainTargets.Command Chain { get; set; } = new();

    public TargetsOverview.Model Overview { get; private set; } = null!;

    [TempData]
    public string? Flash { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Overview = await mediator.Send(new TargetsOverview.Query(), cancellationToken);
        var chain = Overview.Chain;
        Chain = new SaveChainTargets.Command
        {
            MinutesToApology = TargetRules.Text(chain.MinutesToApology),
            HoursToFollowUp = TargetRules.Text(chain.HoursToFollowUp),
            HoursToFollowUpMajor = TargetRules.Text(chain.HoursToFollowUpMajor),
            CashierCompensationLimit = chain.CashierCompensationLimitMinor is { } limit ? TargetRules.LimitText(limit, Overview.ChainCurrency) : null,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValidFor(nameof(Chain)))
        {
            try
            {
                await mediator.Send(Chain, cancellationToken);
                Flash = "Chain-wide targets saved.";
                return RedirectToPage();
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Chain));
            }
        }

        Overview = await mediator.Send(new TargetsOverview.Query(), cancellationToken);
        return Page();
    }
}
