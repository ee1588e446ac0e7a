using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Cards;

/// <summary>The owner prints a store's card: the QR code of its public address, the address itself and a line of text.</summary>
[Authorize(Roles = Roles.Owner)]
public sealed class PrintModel(IMediator mediator) : PageModel
{
    public CardToPrint.Model Card { get; private set; } = null!;

    public string Address { get; private set; } = string.Empty;

    public string QrDataUri { get; private set; } = string.Empty;

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnPostRenewAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new RenewCardAddress.Command(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Flash = "The card has a new address. Cards printed before no longer work: print and put out the new one.";
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            Card = await mediator.Send(new CardToPrint.Query(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Address = Url.PageLink("/TellUs/Index", values: new { token = Card.Token })!;
        QrDataUri = FeedbackQr.SvgDataUri(Address);
        return Page();
    }
}
