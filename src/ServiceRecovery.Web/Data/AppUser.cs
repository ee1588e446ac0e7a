using Microsoft.AspNetCore.Identity;

namespace ServiceRecovery.Web.Data;

/// <summary>A staff account. Email is the login; DisplayName is what the timeline shows.</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set for accounts created with a temporary password; cleared when the user picks their own.</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>A disabled account cannot sign in, and its open sessions end at the next security-stamp check.</summary>
    public bool IsDisabled { get; set; }
}
