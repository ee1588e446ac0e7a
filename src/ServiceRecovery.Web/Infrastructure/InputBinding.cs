using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ServiceRecovery.Web.Infrastructure;

/// <summary>
/// Binding rules for every form field of the app, so each page (and any page added later) refuses the same hostile
/// input at the door (decision 0021):
/// <list type="bullet">
/// <item>text with control characters (NUL, escape, C1; tab and line breaks are fine) is refused with a message next
/// to the field, the typed value kept;</item>
/// <item>text with nothing visible in it (spaces, zero-width characters) counts as empty, so "required" rules see it;</item>
/// <item>a checkbox value that is neither true nor false is refused instead of breaking the page that shows it again;</item>
/// <item>a date outside 2000–2099 is refused: nothing the app records or filters lies there, and time-zone arithmetic
/// at the ends of the calendar overflows.</item>
/// </list>
/// </summary>
public sealed class InputBindingProvider : IModelBinderProvider
{
    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var type = context.Metadata.ModelType;
        return type == typeof(string) ? new PlainTextBinder()
            : type == typeof(bool) || type == typeof(bool?) ? new CheckboxBinder()
            : type == typeof(DateTime) || type == typeof(DateTime?) || type == typeof(DateOnly) || type == typeof(DateOnly?) ? new DateBinder()
            : null;
    }

    public static bool HasControlCharacters(string text) => text.Any(c => char.IsControl(c) && c is not ('\t' or '\r' or '\n'));

    /// <summary>Spaces, line breaks and invisible format characters only (zero-width space, joiners, BOM, direction marks).</summary>
    public static bool IsInvisible(string text) =>
        text.All(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Control);

    private sealed class PlainTextBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
            var text = result.FirstValue;
            if (text is not null && HasControlCharacters(text))
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Remove the invisible control characters from this field.");
                bindingContext.Result = ModelBindingResult.Failed();
                return Task.CompletedTask;
            }

            bindingContext.Result = ModelBindingResult.Success(string.IsNullOrEmpty(text) || IsInvisible(text) ? null : text);
            return Task.CompletedTask;
        }
    }

    private sealed class DateBinder : IModelBinder
    {
        private static readonly DateTime Earliest = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        private static readonly DateTime Latest = new(2100, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
            var text = result.FirstValue?.Trim();
            var type = Nullable.GetUnderlyingType(bindingContext.ModelType) ?? bindingContext.ModelType;
            if (string.IsNullOrEmpty(text))
            {
                if (Nullable.GetUnderlyingType(bindingContext.ModelType) is null)
                {
                    bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Enter a date.");
                    bindingContext.Result = ModelBindingResult.Failed();
                }
                else
                {
                    bindingContext.Result = ModelBindingResult.Success(null);
                }
            }
            else if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var value))
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Enter a date like 2026-03-10 (and a time like 14:30 where asked).");
                bindingContext.Result = ModelBindingResult.Failed();
            }
            else if (value < Earliest || value >= Latest)
            {
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Enter a date between 2000 and 2099.");
                bindingContext.Result = ModelBindingResult.Failed();
            }
            else
            {
                var unspecified = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
                bindingContext.Result = ModelBindingResult.Success(type == typeof(DateOnly) ? DateOnly.FromDateTime(unspecified) : unspecified);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class CheckboxBinder : IModelBinder
    {
        public Task BindModelAsync(ModelBindingContext bindingContext)
        {
            var result = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
            if (result == ValueProviderResult.None)
            {
                return Task.CompletedTask;
            }

            // A ticked box posts "true" and its hidden "false" after it: the first value counts.
            var text = result.FirstValue?.Trim();
            if (string.IsNullOrEmpty(text) && bindingContext.ModelType == typeof(bool?))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                bindingContext.Result = ModelBindingResult.Success(null);
            }
            else if (bool.TryParse(text, out var value))
            {
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, result);
                bindingContext.Result = ModelBindingResult.Success(value);
            }
            else
            {
                // Keep "false" as the shown value: a checkbox cannot show anything else, and showing the raw text would break the page.
                bindingContext.ModelState.SetModelValue(bindingContext.ModelName, false, "false");
                bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, "Tick or untick the box.");
                bindingContext.Result = ModelBindingResult.Failed();
            }

            return Task.CompletedTask;
        }
    }
}
