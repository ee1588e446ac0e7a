using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.TellUs;

/// <summary>What happens next, told honestly: including when the store's caps meant the card was not kept.</summary>
[AllowAnonymous]
public sealed class ThanksModel(IMediator mediator) : PageModel
{
    public PublicStore.Info Store { get; private set; } = null!;

    public FeedbackKind Kind { get; private set; }

    public bool WithContact { get; private set; }

    public bool NotKept { get; private set; }

    public async Task<IActionResult> OnGetAsync(string token, FeedbackKind? kind, bool contact, bool full, CancellationToken cancellationToken)
    {
        try
        {
            Store = await mediator.Send(new PublicStore.Query(token), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Kind = kind is { } k && Enum.IsDefined(k) ? k : FeedbackKind.Suggestion;
        WithContact = contact;
        NotKept = full;
        return Page();
    }
}
