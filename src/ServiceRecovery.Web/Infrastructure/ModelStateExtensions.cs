using FluentValidation;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ServiceRecovery.Web.Infrastructure;

public static class ModelStateExtensions
{
    /// <summary>Puts each validation failure next to its field, named as the form names it (prefix.Property).</summary>
    public static void AddValidationErrors(this ModelStateDictionary modelState, ValidationException exception, string prefix)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(exception);
        foreach (var error in exception.Errors)
        {
            // A failure about the whole form (no property) is keyed by the form's prefix, so the form can show it.
            var key = string.IsNullOrEmpty(error.PropertyName) ? prefix
                : string.IsNullOrEmpty(prefix) ? error.PropertyName : $"{prefix}.{error.PropertyName}";
            modelState.AddModelError(key, error.ErrorMessage);
        }
    }

    /// <summary>Binding errors (e.g. "abc" in a number field) for one form only; other forms on the page are ignored.</summary>
    public static bool IsValidFor(this ModelStateDictionary modelState, string prefix)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return !modelState.FindKeysWithPrefix(prefix).Any(entry => entry.Value.ValidationState == ModelValidationState.Invalid);
    }
}
