using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Cards;

/// <summary>A store's tell-us cards, for its managers and the owners (another store's answer 404; cashiers are denied).</summary>
[Authorize(Roles = Roles.ManagerOrOwner)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public StoreCards.Model Data { get; private set; } = null!;

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(int? store, CancellationToken cancellationToken) =>
        await LoadAsync(store, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostStatusAsync(int suggestionId, int version, SuggestionStatus status, int? store, CancellationToken cancellationToken)
    {
        try
        {
            var storeId = await mediator.Send(new ChangeSuggestionStatus.Command { SuggestionId = suggestionId, Version = version, Status = status }, cancellationToken);
            Flash = $"Suggestion marked {Labels.Of(status).ToLowerInvariant()}.";
            return RedirectToPage(new { store = storeId });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or CaseRuleViolationException or FluentValidation.ValidationException)
        {
            Flash = ex is FluentValidation.ValidationException ? "Choose new, considered or adopted." : ex.Message;
            return RedirectToPage(new { store });
        }
    }

    public string Local(DateTime utc) => Data.Store.ToLocal(utc).ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> LoadAsync(int? store, CancellationToken cancellationToken)
    {
        try
        {
            Data = await mediator.Send(new StoreCards.Query(store), cancellationToken);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
