using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.TellUs;

/// <summary>A store's public "tell us" card: anyone with the QR code's address may post (decisions 0016, 0017).</summary>
[AllowAnonymous]
[RequestFormLimits(ValueLengthLimit = 16 * 1024, ValueCountLimit = 32)]
[RequestSizeLimit(64 * 1024)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public SubmitCard.Command Card { get; set; } = new();

    public PublicStore.Info Store { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, FeedbackKind? kind, CancellationToken cancellationToken)
    {
        if (!await FindStoreAsync(token, cancellationToken))
        {
            return NotFound();
        }

        Card.SubmitKey = Guid.NewGuid();
        Card.Kind = kind is { } k && Enum.IsDefined(k) ? k : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken cancellationToken)
    {
        if (!await FindStoreAsync(token, cancellationToken))
        {
            return NotFound();
        }

        Card.Token = Store.Token;
        if (ModelState.IsValidFor(nameof(Card)))
        {
            try
            {
                var outcome = await mediator.Send(Card, cancellationToken);
                return RedirectToPage("Thanks", new
                {
                    token = Store.Token,
                    kind = outcome.Kind,
                    contact = outcome.WithContact ? true : (bool?)null,
                    full = outcome.Result == SubmitCard.Result.OverCap ? true : (bool?)null,
                });
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Card));
            }
            catch (CaseRuleViolationException ex)
            {
                ModelState.AddModelError(nameof(Card), ex.Message);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        return Page();
    }

    private async Task<bool> FindStoreAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            Store = await mediator.Send(new PublicStore.Query(token), cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
