using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public sealed class LogModel(IMediator mediator) : PageModel
{
    [BindProperty]
    public LogFailure.Command Failure { get; set; } = new();

    public IReadOnlyList<StoreChoices.StoreOption> Stores { get; private set; } = [];

    public async Task OnGetAsync(int? storeId, CancellationToken cancellationToken)
    {
        Stores = await mediator.Send(new StoreChoices.Query(), cancellationToken);
        Failure.LogKey = Guid.NewGuid();
        Failure.StoreId = Stores.FirstOrDefault(s => s.Id == storeId)?.Id ?? (Stores.Count > 0 ? Stores[0].Id : 0);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValidFor(nameof(Failure)))
        {
            try
            {
                var id = await mediator.Send(Failure, cancellationToken);
                TempData["Flash"] = "Failure logged. Now apologise and put it right.";
                return RedirectToPage("Details", new { id });
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Failure));
            }
            catch (CaseRuleViolationException ex)
            {
                ModelState.AddModelError(string.Empty, ex.Message);
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (Exception ex) when (DatabaseFailure.Is(ex))
            {
                // Rolled back; the form keeps its one-time key, so pressing Save again cannot log the failure twice.
                ModelState.AddModelError(string.Empty, DatabaseFailure.Message);
            }
        }

        var key = $"{nameof(Failure)}.{nameof(Failure.LogKey)}";
        if (ModelState.TryGetValue(key, out var keyState) && keyState.Errors.Count > 0)
        {
            // The key is a hidden field: say so at the top, and give the form a fresh key so that Save works again.
            ModelState.Remove(key);
            ModelState.AddModelError(string.Empty, LogFailure.ExpiredForm);
            Failure.LogKey = Guid.NewGuid();
        }

        Stores = await mediator.Send(new StoreChoices.Query(), cancellationToken);
        return Page();
    }
}

/// <summary>The stores the signed-in user may work at: all for owners, their own for everyone else.</summary>
public static class StoreChoices
{
    public sealed record Query : IRequest<IReadOnlyList<StoreOption>>;

    public sealed record StoreOption(int Id, string Name);

    internal sealed class Handler(AppDbContext db, IStoreAccess access) : IRequestHandler<Query, IReadOnlyList<StoreOption>>
    {
        public async Task<IReadOnlyList<StoreOption>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Stores.AsNoTracking()
                .Visible(await access.StoreIdsAsync(cancellationToken))
                .OrderBy(s => s.Name)
                .Select(s => new StoreOption(s.Id, s.Name))
                .ToListAsync(cancellationToken);
    }
}
