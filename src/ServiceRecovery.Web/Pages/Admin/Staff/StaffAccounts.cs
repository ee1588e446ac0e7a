using System.Security.Cryptography;
using FluentValidation;
using FluentValidation.Results;
using MediatR;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceRecovery.Web.Data;
using ServiceRecovery.Web.Domain;
using ServiceRecovery.Web.Infrastructure.Auth;

namespace ServiceRecovery.Web.Pages.Admin.Staff;

/// <summary>The roles an owner can give, as the role form's options (the names are the Identity role names).</summary>
public enum StaffRole
{
    Cashier = 1,
    Manager = 2,
    Owner = 3,
}

public sealed record StoreOption(int Id, string Name);

/// <summary>The model of the store checkboxes (_StoreBoxes): the field's name, the stores and the ticked ones.</summary>
public sealed record StoreBoxes(string Name, IReadOnlyList<StoreOption> Stores, IReadOnlyCollection<int> Selected);

/// <summary>Every store, for the store checkboxes.</summary>
public static class StoreOptions
{
    [RequiresRole(Roles.Owner)]
    public sealed record Query : IRequest<IReadOnlyList<StoreOption>>;

    internal sealed class Handler(AppDbContext db) : IRequestHandler<Query, IReadOnlyList<StoreOption>>
    {
        public async Task<IReadOnlyList<StoreOption>> Handle(Query request, CancellationToken cancellationToken) =>
            await db.Stores.AsNoTracking().OrderBy(s => s.Name).Select(s => new StoreOption(s.Id, s.Name)).ToListAsync(cancellationToken);
    }
}

/// <summary>What creating and changing staff accounts share: store choices, role rules, temporary passwords.</summary>
internal static class StaffAccounts
{
    // No 0/O, 1/l/I: read aloud or copied from a screen without mistakes. 20 of 31 symbols ≈ 99 bits.
    private const string PasswordAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A one-time password in groups of five ("abcde-fghjk-mnpqr-stuvw"), from the OS's CSPRNG.</summary>
    public static string TemporaryPassword()
    {
        var symbols = RandomNumberGenerator.GetString(PasswordAlphabet, 20);
        return string.Join('-', symbols.Chunk(5).Select(chunk => new string(chunk)));
    }

    public static bool NeedsStores(StaffRole role) => role is StaffRole.Cashier or StaffRole.Manager;

    /// <summary>The stores the account will belong to: none for an owner (they see every store); existing stores only.</summary>
    public static async Task<int[]> MembershipsAsync(this AppDbContext db, StaffRole role, IEnumerable<int> storeIds, CancellationToken cancellationToken)
    {
        if (!NeedsStores(role))
        {
            return [];
        }

        var wanted = storeIds.Distinct().ToArray();
        var existing = await db.Stores.Where(s => wanted.Contains(s.Id)).Select(s => s.Id).ToArrayAsync(cancellationToken);
        if (existing.Length != wanted.Length || existing.Length == 0)
        {
            throw Failure("StoreIds", "Choose at least one store from the list.");
        }

        return existing;
    }

    public static void Check(IdentityResult result)
    {
        if (result.Succeeded)
        {
            return;
        }

        var failures = result.Errors
            .Select(e => e.Code switch
            {
                "DuplicateEmail" or "DuplicateUserName" => new ValidationFailure("Email", "There is already an account with this email."),
                "InvalidEmail" or "InvalidUserName" => new ValidationFailure("Email", "Enter an email address like name@example.com (letters, digits and . _ - + @ only)."),
                _ => new ValidationFailure(string.Empty, e.Description),
            })
            .DistinctBy(f => (f.PropertyName, f.ErrorMessage))
            .ToList();
        throw new ValidationException(failures);
    }

    public static ValidationException Failure(string property, string message) => new([new ValidationFailure(property, message)]);
}
