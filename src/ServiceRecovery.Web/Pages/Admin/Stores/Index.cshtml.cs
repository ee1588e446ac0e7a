using MediatR;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Stores;

[Authorize(Roles = Roles.Owner)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<StoreList.Row> Rows { get; private set; } = [];

    [TempData]
    public string? Flash { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Rows = await mediator.Send(new StoreList.Query(), cancellationToken);
        return Page();
    }
}

public static class StoreList
{
    [RequiresRole(Roles.Owner)]
    public sealed record Query : IRequest<IReadOnlyList<Row>>;

    public sealed record Row(int Id, string Name, string TimeZoneId, string Currency, int StaffCount);

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, IReadOnlyList<Row>>
    {
        public async Task<IReadOnlyList<Row>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Stores.AsNoTracking()
                .OrderBy(s => s.Name)
                .Select(s => new Row(s.Id, s.Name, s.TimeZoneId, s.Currency, db.StoreMembers.Count(m => m.StoreId == s.Id)))
                .ToListAsync(cancellationToken);
    }
}
