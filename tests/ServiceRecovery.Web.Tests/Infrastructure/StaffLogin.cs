namespace ServiceRecovery.Web.Tests.Infrastructure;

/// <summary>A staff account a test can sign in as.</summary>
public sealed record StaffLogin(string Id, string Email, string DisplayName, string Role)
{
    public const string Password = "correct horse battery staple";
}
