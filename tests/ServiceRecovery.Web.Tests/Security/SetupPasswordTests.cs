using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Security;

/// <summary>The first-owner page applies the same password policy, and is gone once the owner exists.</summary>
public sealed class SetupPasswordTests(AppFactory factory) : IClassFixture<AppFactory>
{
    [Fact]
    public async Task The_first_owner_needs_a_password_of_12_characters_and_the_page_is_gone_afterwards()
    {
        using var session = new CookieSession(factory);
        var email = $"first.owner.{Guid.NewGuid():N}@test.local";

        var refused = await SubmitSetupAsync(session, email, "Short!pass1");

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("at least 12 characters", (await HtmlForms.ParseAsync(refused)).FieldError("Input.Password"), StringComparison.Ordinal);
        Assert.Equal(0, await OwnerCountAsync());

        var created = await SubmitSetupAsync(session, email, "all lowercase");

        Assert.True(Answers.IsRedirectTo(created, "/Today"), Answers.Describe(created));
        Assert.Equal(1, await OwnerCountAsync());
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/Today")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await session.GetAsync("/Setup")).StatusCode);
        using var stranger = new CookieSession(factory);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/Setup")).StatusCode);
    }

    private static async Task<HttpResponseMessage> SubmitSetupAsync(CookieSession session, string email, string password)
    {
        var form = (await session.Client.GetDocumentAsync("/Setup")).Form();
        return await session.Client.SubmitAsync(form, new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "First owner",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
    }

    private async Task<int> OwnerCountAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetUsersInRoleAsync(Roles.Owner)).Count;
    }
}
