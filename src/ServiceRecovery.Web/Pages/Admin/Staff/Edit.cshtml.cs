using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>One account: its name, role and stores; disable or enable it; issue a new temporary password.</summary>
[Authorize(Roles = Roles.Owner)]
public sealed class EditModel(IMediator mediator, ICurrentUser user) : PageModel
{
    public StaffMember.Model Member { get; private set; } = null!;

    public IReadOnlyList<StoreOption> Stores { get; private set; } = [];

    [BindProperty]
    public ChangeStaffAccess.Command Access { get; set; } = new();

    [TempData]
    public string? Flash { get; set; }

    /// <summary>Why a disable, enable or reset was refused.</summary>
    public string? Refused { get; private set; }

    public bool IsSelf => Member.Id == user.Id;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        (Access.DisplayName, Access.Role, Access.StoreIds) = (Member.DisplayName, Member.Role ?? default, Member.Stores.Select(s => s.Id).ToList());
        return Page();
    }

    public async Task<IActionResult> OnPostAccessAsync(string id, CancellationToken cancellationToken)
    {
        Access.UserId = id;
        if (ModelState.IsValidFor(nameof(Access)))
        {
            try
            {
                await mediator.Send(Access, cancellationToken);
                Flash = "Account saved.";
                return RedirectToPage(new { id });
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, nameof(Access));
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) => ActAsync(id, new SetStaffDisabled.Command(id, Disabled: true), "Account disabled. Its open sessions end within minutes.", ct);

    public Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) => ActAsync(id, new SetStaffDisabled.Command(id, Disabled: false), "Account enabled.", ct);

    public async Task<IActionResult> OnPostResetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            var password = await mediator.Send(new ResetStaffPassword.Command(id), cancellationToken);
            TemporaryPasswordModel.Hand(TempData, id, password);
            return RedirectToPage("TemporaryPassword", new { id });
        }
        catch (ValidationException ex)
        {
            Refused = string.Join(" ", ex.Errors.Select(e => e.ErrorMessage));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await ReloadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ActAsync(string id, IRequest<string> command, string done, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(command, cancellationToken);
            Flash = done;
            return RedirectToPage(new { id });
        }
        catch (ValidationException ex)
        {
            Refused = string.Join(" ", ex.Errors.Select(e => e.ErrorMessage));
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return await ReloadAsync(id, cancellationToken);
    }

    private async Task<IActionResult> ReloadAsync(string id, CancellationToken cancellationToken) =>
        await OnGetAsync(id, cancellationToken);

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            Member = await mediator.Send(new StaffMember.Query(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }

        Stores = await mediator.Send(new StoreOptions.Query(), cancellationToken);
        return true;
    }
}
