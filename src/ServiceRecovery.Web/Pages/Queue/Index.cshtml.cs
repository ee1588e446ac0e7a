using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure;

namespace ServiceRecovery.Web.Pages.Queue;

[Authorize(Roles = Roles.ManagerOrOwner)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    /// <summary>Pending compensations of the rows on this page, by case: approved right here in one tap.</summary>
    public ILookup<int, PendingApprovals.Item> Pending { get; private set; } = Array.Empty<PendingApprovals.Item>().ToLookup(p => p.CaseId);

    [TempData]
    public string? Flash { get; set; }

    public QueueFilter Filter { get; private set; } = new();

    public OpenRecoveries.Model Data { get; private set; } = null!;

    public QueueCounts.Model Counts { get; private set; } = null!;

    public bool IsFirstPage { get; private set; }

    public async Task<IActionResult> OnGetAsync([FromQuery] QueueFilter filter, string? after, CancellationToken cancellationToken)
    {
        Filter = filter ?? new QueueFilter();
        IsFirstPage = OpenRecoveries.Cursor.Parse(after) is null;
        try
        {
            Data = await mediator.Send(new OpenRecoveries.Query(Filter, after), cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Counts = await mediator.Send(new QueueCounts.Query(Filter), cancellationToken);
        var approving = Data.Rows.Where(r => r.Next == NextStep.Approve).Select(r => r.Id).ToList();
        Pending = (await mediator.Send(new PendingApprovals.Query(approving), cancellationToken)).ToLookup(p => p.CaseId);
        return Page();
    }

    /// <summary>One-tap approval from the queue; a decline needs a reason, so it happens on the case page.</summary>
    public async Task<IActionResult> OnPostApproveAsync(int caseId, int version, int compensationId, string? returnQuery, CancellationToken cancellationToken)
    {
        try
        {
            await mediator.Send(new Cases.DecideCompensation.Command { CaseId = caseId, Version = version, CompensationId = compensationId, Approve = true }, cancellationToken);
            Flash = $"Compensation on case {caseId} approved.";
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (Exception ex) when (ex is ConcurrencyConflictException or CaseRuleViolationException or FluentValidation.ValidationException)
        {
            Flash = $"Case {caseId} changed meanwhile; nothing was approved. Check it and try again.";
        }

        // Back to the same view of the queue; only a local query string is accepted.
        var query = returnQuery is { Length: > 0 } q && q.StartsWith('?') && !q.Contains("//", StringComparison.Ordinal) ? q : string.Empty;
        return LocalRedirect("/Queue" + query);
    }

    /// <summary>The current filters as query-string values, with any changes (null drops a key).</summary>
    public Dictionary<string, string> Route(string? after = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["store"] = Filter.Store?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["type"] = Filter.Type?.ToString(),
            ["severity"] = Filter.Severity?.ToString(),
            ["next"] = Filter.Next?.ToString(),
            ["overdue"] = Filter.Overdue ? "true" : null,
            ["from"] = Filter.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = Filter.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["after"] = after,
        };
        return values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value!);
    }

    /// <summary>The action a row's one tap opens: the case page, scrolled to the right form (which the page opens for that status).</summary>
    public static string ActionAnchor(NextStep next) => next switch
    {
        NextStep.Approve => "approval",
        NextStep.Apologise => "apology-form",
        NextStep.FollowUp => "followup-form",
        _ => "resolve-form",
    };

    public static string ActionLabel(NextStep next) => next switch
    {
        NextStep.Approve => "Approve or decline",
        NextStep.Apologise => "Record apology",
        NextStep.FollowUp => "Follow up",
        _ => "Resolve",
    };

    /// <summary>A card complaint's apology is made by contacting the customer (decision 0047).</summary>
    public static string Label(NextStep next, Channel channel) =>
        next == NextStep.Apologise && RecoveryCase.ApologisedAtContact(channel) ? "Contact the customer" : Label(next);

    public static string Label(NextStep next) => next switch
    {
        NextStep.Approve => "Approve compensation",
        NextStep.Apologise => "Apologise",
        NextStep.FollowUp => "Manager follow-up",
        _ => "Resolve",
    };
}
