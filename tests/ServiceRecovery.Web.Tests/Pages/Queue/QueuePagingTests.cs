using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Queue;

/// <summary>Keyset paging: each page continues exactly where the last stopped, even while the clock moves cases across their deadlines.</summary>
public sealed class QueuePagingTests(AppFactory factory) : AppTestBase(factory)
{
    [Fact]
    public async Task Following_next_page_visits_every_open_case_once_in_queue_order()
    {
        var store = await Factory.NewStoreAsync("Paging");
        // 70 cases a minute apart, severities mixed, so the order crosses severity and urgency boundaries within pages.
        await Factory.AddCasesAsync(store, 70, i => (Severity)(1 + (i % 3)), TimeSpan.FromMinutes(1));
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Paging manager", Roles.Manager, store));

        var expected = await Factory.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Cases.Where(c => c.StoreId == store).Select(c => new { c.Id, c.LoggedAt, c.Severity })));
        var now = Factory.Clock.GetUtcNow().UtcDateTime;
        var order = expected
            .OrderByDescending(c => now - c.LoggedAt > TimeSpan.FromMinutes(5) ? 1 : 0)
            .ThenByDescending(c => (int)c.Severity)
            .ThenBy(c => c.LoggedAt)
            .ThenBy(c => c.Id)
            .Select(c => c.Id)
            .ToList();

        var seen = new List<int>();
        var page = await manager.GetDocumentAsync("/Queue");
        Assert.Null(page.QuerySelector("#first-page"));
        var pages = 1;
        while (true)
        {
            seen.AddRange(page.QueueIds());
            Assert.Equal("70 open cases match", page.Text("#queue-matching").Split(" · ")[0]);
            if (page.QuerySelector("#next-page") is not { } next)
            {
                break;
            }

            // Time passes while the manager reads: the cases logged last cross their apology target, yet no page skips or repeats them.
            Factory.Clock.Advance(TimeSpan.FromMinutes(2));
            page = await manager.GetDocumentAsync(next.GetAttribute("href")!);
            Assert.NotNull(page.QuerySelector("#first-page"));
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(order, seen);
        Assert.Equal([25, 25, 20], [order.Take(25).Count(), order.Skip(25).Take(25).Count(), order.Skip(50).Count()]);
    }

    [Fact]
    public async Task A_filtered_next_page_keeps_its_filters_and_a_mangled_cursor_starts_again()
    {
        var store = await Factory.NewStoreAsync("Paging filtered");
        await Factory.AddCasesAsync(store, 60, i => i % 2 == 0 ? Severity.Major : Severity.Minor, TimeSpan.FromMinutes(1));
        using var manager = await Factory.SignedInClientAsync(await Factory.CreateStaffAsync("Paging manager 2", Roles.Manager, store));

        var first = await manager.GetDocumentAsync("/Queue?severity=Minor");
        var href = first.QuerySelector("#next-page")!.GetAttribute("href")!;
        Assert.Contains("severity=Minor", href, StringComparison.Ordinal);
        var second = await manager.GetDocumentAsync(href);

        Assert.Equal(25, first.QueueIds().Count);
        Assert.Equal(5, second.QueueIds().Count);
        Assert.Empty(first.QueueIds().Intersect(second.QueueIds()));
        Assert.Null(second.QuerySelector("#next-page"));
        Assert.Equal("Minor", second.FieldValue("severity"));
        Assert.All(second.QuerySelectorAll("#queue li"), li => Assert.DoesNotContain("Major", li.TextContent, StringComparison.Ordinal));

        var mangled = await manager.GetDocumentAsync("/Queue?severity=Minor&after=not-a-cursor");
        Assert.Equal(first.QueueIds(), mangled.QueueIds());
    }
}
