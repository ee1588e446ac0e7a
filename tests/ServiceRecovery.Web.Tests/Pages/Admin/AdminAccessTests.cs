using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;
using ServiceRecovery.Web.Pages.Admin.Staff;
using ServiceRecovery.Web.Pages.Admin.Stores;
using ServiceRecovery.Web.Pages.Admin.Targets;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Pages.Admin;

/// <summary>Administration is the owner's alone: pages, posts, commands and the header link.</summary>
public sealed class AdminAccessTests(AppFactory factory) : AppTestBase(factory)
{
    public static TheoryData<string> NonOwners => [Roles.Cashier, Roles.Manager];

    [Theory]
    [MemberData(nameof(NonOwners))]
    public async Task Every_admin_page_answers_a_cashier_or_manager_with_403(string role)
    {
        using var client = await Factory.SignedInClientAsync(role);

        foreach (var url in await AdminUrlsAsync())
        {
            var target = (await client.GetAsync(url)).RedirectTarget();
            Assert.StartsWith("/Account/AccessDenied", target, StringComparison.Ordinal);
            Assert.True((await client.GetAsync(target)).StatusCode == HttpStatusCode.Forbidden, $"{role} GET {url}: access denied page did not answer 403.");
        }
    }

    [Fact]
    public async Task Every_admin_page_opens_for_the_owner()
    {
        foreach (var url in await AdminUrlsAsync())
        {
            var response = await Client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"Owner GET {url} answered {(int)response.StatusCode}.");

            // Nothing the Content-Security-Policy would block.
            var inline = (await HtmlForms.ParseAsync(response)).All
                .Where(e => e.HasAttribute("style") || e.LocalName == "style" || (e.LocalName == "script" && !e.HasAttribute("src"))
                    || e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
                .Select(e => e.OuterHtml[..Math.Min(e.OuterHtml.Length, 80)])
                .ToList();
            Assert.True(inline.Count == 0, $"{url} has inline code or style: {string.Join(" | ", inline)}");
        }
    }

    [Fact]
    public async Task Every_admin_page_is_declared_for_owners_only_so_a_new_one_without_the_rule_fails_here()
    {
        var pages = Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>()?.ViewEnginePath.StartsWith("/Admin/", StringComparison.Ordinal) == true)
            .ToList();

        Assert.True(pages.Count >= 10, $"Only {pages.Count} admin endpoints found.");
        foreach (var page in pages)
        {
            var rules = page.Metadata.GetOrderedMetadata<IAuthorizeData>();
            Assert.True(rules.Any(r => r.Roles == Roles.Owner), $"{page.DisplayName} is not restricted to owners.");
            Assert.Empty(page.Metadata.GetOrderedMetadata<IAllowAnonymous>());
        }

        // The URLs the 403 test visits cover every admin page there is.
        var visited = (await AdminUrlsAsync()).Select(PageOf).ToHashSet();
        var declared = pages.Select(p => p.Metadata.GetMetadata<PageActionDescriptor>()!.ViewEnginePath).ToHashSet();
        Assert.Subset(visited, declared);
    }

    [Fact]
    public async Task A_cashiers_post_to_an_admin_form_is_refused_and_changes_nothing()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        var token = (await cashier.GetDocumentAsync("/Cases/Log")).AntiforgeryToken();
        var owner = await Factory.StandardStaffAsync(Roles.Owner);

        var createStore = await cashier.PostFieldsAsync("/Admin/Stores/Edit",
            [new("__RequestVerificationToken", token), new("Store.Name", "Cashier's own store"), new("Store.TimeZoneId", "Europe/Prague"), new("Store.Currency", "EUR")]);
        var disableOwner = await cashier.PostFieldsAsync($"/Admin/Staff/Edit/{owner.Id}?handler=Disable", [new("__RequestVerificationToken", token)]);
        var limit = await cashier.PostFieldsAsync("/Admin/Targets", [new("__RequestVerificationToken", token), new("Chain.MinutesToApology", "5"),
            new("Chain.HoursToFollowUp", "24"), new("Chain.HoursToFollowUpMajor", "4"), new("Chain.CashierCompensationLimit", "999999")]);

        Assert.All([createStore, disableOwner, limit], r => Assert.StartsWith("/Account/AccessDenied", r.RedirectTarget(), StringComparison.Ordinal));
        Assert.False(await Factory.WithDbAsync(db => db.Stores.AnyAsync(s => s.Name == "Cashier's own store")));
        Assert.False(await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == owner.Id).Select(u => u.IsDisabled).SingleAsync()));
        Assert.NotEqual(99_999_900, await Factory.WithDbAsync(db => db.Targets.Where(t => t.StoreId == null).Select(t => t.CashierCompensationLimitMinor).SingleAsync()));
    }

    [Theory]
    [MemberData(nameof(NonOwners))]
    public async Task The_admin_commands_themselves_refuse_anyone_but_an_owner(string role)
    {
        var user = await Factory.StandardStaffAsync(role);
        var owner = await Factory.StandardStaffAsync(Roles.Owner);
        var store = await Factory.DefaultStoreIdAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new SaveStore.Command { Name = "Sneaky", TimeZoneId = "Europe/Prague", Currency = "EUR" }, user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new CreateStaff.Command { DisplayName = "Sneaky", Email = "sneaky@test.local", Role = StaffRole.Owner }, user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new ChangeStaffAccess.Command { UserId = user.Id, DisplayName = "Sneaky", Role = StaffRole.Owner }, user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new SetStaffDisabled.Command(owner.Id, Disabled: true), user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new ResetStaffPassword.Command(owner.Id), user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(
            new SaveChainTargets.Command { MinutesToApology = "1", HoursToFollowUp = "1", HoursToFollowUpMajor = "1", CashierCompensationLimit = "999" }, user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new SaveStoreTargets.Command { StoreId = store, CashierCompensationLimit = "999" }, user));
        await Assert.ThrowsAsync<ForbiddenException>(() => Factory.SendAsync(new StaffMember.ListQuery(), user));

        Assert.False(await Factory.WithDbAsync(db => db.Stores.AnyAsync(s => s.Name == "Sneaky")));
        Assert.False(await Factory.WithDbAsync(db => db.Users.AnyAsync(u => u.DisplayName == "Sneaky")));
        Assert.False(await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == owner.Id).Select(u => u.IsDisabled).SingleAsync()));
        Assert.NotEqual(1, await Factory.WithDbAsync(db => db.Targets.Where(t => t.StoreId == null).Select(t => t.MinutesToApology).SingleAsync()));
    }

    [Fact]
    public async Task Only_owners_see_the_admin_link_in_the_header()
    {
        using var cashier = await Factory.SignedInClientAsync(Roles.Cashier);
        using var manager = await Factory.SignedInClientAsync(Roles.Manager);

        Assert.Equal("/Admin", (await Client.GetDocumentAsync("/Today")).QuerySelector("#admin-link")?.GetAttribute("href"));
        Assert.Null((await cashier.GetDocumentAsync("/Today")).QuerySelector("#admin-link"));
        Assert.Null((await manager.GetDocumentAsync("/Today")).QuerySelector("#admin-link"));
        var index = await Client.GetDocumentAsync("/Admin");
        Assert.Equal(["/Admin/Stores", "/Admin/Staff", "/Admin/Targets"], index.QuerySelectorAll("#admin-sections a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        using var anonymous = Factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.StartsWith("/Account/Login", (await anonymous.GetAsync("/Admin/Staff")).RedirectTarget(), StringComparison.Ordinal);
    }

    /// <summary>The page a URL opens: "/Admin/Stores/Edit/3" is "/Admin/Stores/Edit", "/Admin" is "/Admin/Index".</summary>
    private static string PageOf(string url)
    {
        var segments = url.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var page = string.Join('/', segments.Take(3));
        return segments.Length < 3 ? $"/{page}/Index" : $"/{page}";
    }

    private async Task<IReadOnlyList<string>> AdminUrlsAsync()
    {
        var store = await Factory.DefaultStoreIdAsync();
        var someone = await Factory.StandardStaffAsync(Roles.Cashier);
        return
        [
            "/Admin", "/Admin/Stores", "/Admin/Stores/Edit", $"/Admin/Stores/Edit/{store}",
            "/Admin/Staff", "/Admin/Staff/Create", $"/Admin/Staff/Edit/{someone.Id}", $"/Admin/Staff/TemporaryPassword/{someone.Id}",
            "/Admin/Targets", $"/Admin/Targets/Store/{store}",
        ];
    }
}
