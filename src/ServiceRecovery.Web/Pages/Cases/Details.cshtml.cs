using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Cases;

public sealed partial class DetailsModel(IMediator mediator, ICurrentUser user, ILogger<DetailsModel> logger) : PageModel
{
    public CaseDetails.Model Data { get; private set; } = null!;

    [TempData]
    public string? Flash { get; set; }

    public string? Conflict { get; private set; }

    /// <summary>Why the server refused an action the case's rules do not allow now.</summary>
    public string? Refused { get; private set; }

    [BindProperty]
    public RecordApology.Command Apology { get; set; } = new();

    [BindProperty]
    public AddCompensation.Command Compensation { get; set; } = new();

    [BindProperty]
    public RecordFollowUp.Command FollowUp { get; set; } = new();

    [BindProperty]
    public ResolveCase.Command Resolve { get; set; } = new();

    [BindProperty]
    public ReopenCase.Command Reopen { get; set; } = new();

    [BindProperty]
    public DecideCompensation.Command Decision { get; set; } = new();

    [BindProperty]
    public ChangeSeverity.Command SeverityChange { get; set; } = new();

    /// <summary>Managers and owners see the follow-up, approval, severity, resolve and reopen actions; cashiers do not.</summary>
    public bool CanManage => user.CanManage;

    /// <summary>Which action form failed, so the page can open it and move focus there.</summary>
    public string? FailedForm { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostApologyAsync(int id, CancellationToken ct) => ActAsync(id, Apology, nameof(Apology), "Apology recorded.", ct);

    public Task<IActionResult> OnPostCompensationAsync(int id, CancellationToken ct) => ActAsync(id, Compensation, nameof(Compensation), "Compensation added.", ct);

    public Task<IActionResult> OnPostFollowUpAsync(int id, CancellationToken ct) => ActAsync(id, FollowUp, nameof(FollowUp), "Follow-up recorded.", ct);

    public Task<IActionResult> OnPostResolveAsync(int id, CancellationToken ct) => ActAsync(id, Resolve, nameof(Resolve), "Case resolved.", ct);

    public Task<IActionResult> OnPostReopenAsync(int id, CancellationToken ct) => ActAsync(id, Reopen, nameof(Reopen), "Case reopened.", ct);

    public Task<IActionResult> OnPostSeverityChangeAsync(int id, CancellationToken ct) => ActAsync(id, SeverityChange, nameof(SeverityChange), "Severity changed.", ct);

    public Task<IActionResult> OnPostDecisionAsync(int id, CancellationToken ct) =>
        ActAsync(id, Decision, nameof(Decision), Decision.Approve ? "Compensation approved." : "Compensation declined.", ct);

    private async Task<IActionResult> ActAsync<TCommand>(int id, TCommand command, string form, string done, CancellationToken cancellationToken)
        where TCommand : IRequest<int>, ICaseCommand
    {
        if (command.CaseId != id)
        {
            return BadRequest();
        }

        FailedForm = form;
        if (ModelState.IsValidFor(form))
        {
            try
            {
                await mediator.Send(command, cancellationToken);
                Flash = done;
                return RedirectToPage(new { id });
            }
            catch (ValidationException ex)
            {
                ModelState.AddValidationErrors(ex, form);
            }
            catch (CaseRuleViolationException ex)
            {
                Refused = ex.Message;
            }
            catch (ConcurrencyConflictException ex)
            {
                LogConflict(logger, user.Id, id, command.Version, typeof(TCommand).DeclaringType?.Name ?? typeof(TCommand).Name);
                Conflict = ex.Message;
                ModelState.Remove($"{form}.{nameof(ICaseCommand.Version)}");
            }
            catch (NotFoundException)
            {
                return NotFound();
            }
            catch (Exception ex) when (DatabaseFailure.Is(ex))
            {
                // Rolled back: the case is as it was; the form keeps what the user typed.
                Refused = DatabaseFailure.Message;
            }
            catch (ForbiddenException)
            {
                // The role may not do this — but a case of another store (or none) stays "not found", never "forbidden".
                return await LoadAsync(id, cancellationToken) ? Forbid() : NotFound();
            }
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            Data = await mediator.Send(new CaseDetails.Query(id), cancellationToken);
        }
        catch (NotFoundException)
        {
            return false;
        }

        var version = Data.Case.Version;
        (Apology.CaseId, Apology.Version) = (id, version);
        (Compensation.CaseId, Compensation.Version) = (id, version);
        (FollowUp.CaseId, FollowUp.Version) = (id, version);
        (Resolve.CaseId, Resolve.Version) = (id, version);
        (Reopen.CaseId, Reopen.Version) = (id, version);
        (Decision.CaseId, Decision.Version) = (id, version);
        (SeverityChange.CaseId, SeverityChange.Version) = (id, version);
        // A card complaint's customer is not in the store: the apology comes with the manager's call (decision 0047), so
        // the form starts at "By phone" unless the user already chose (a refused post keeps their choice).
        if (RecoveryCase.ApologisedAtContact(Data.Case.Channel) && !ModelState.ContainsKey($"{nameof(Apology)}.{nameof(RecordApology.Command.Method)}"))
        {
            Apology.Method = ApologyMethod.Phone;
        }

        if (Resolve.Outcome == default && Data.Case.AllowedOutcomes.Count == 1)
        {
            Resolve.Outcome = Data.Case.AllowedOutcomes[0];
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Concurrency conflict: user {UserId} sent {Action} on case {CaseId} from version {Version}, which is no longer current")]
    private static partial void LogConflict(ILogger logger, string userId, int caseId, int version, string action);
}
