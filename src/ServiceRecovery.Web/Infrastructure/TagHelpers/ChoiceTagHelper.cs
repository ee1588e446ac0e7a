using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using ServiceRecovery.Web.Domain;

namespace ServiceRecovery.Web.Infrastructure.TagHelpers;

/// <summary>
/// An enum as a row of big tap targets (radio buttons styled as buttons), with a legend and the field's
/// error beside it. The posted value wins over the model's, so a re-rendered form keeps what the user chose.
/// Usage: &lt;choice for="Apology.Method" legend="How did you apologise?" /&gt;
/// </summary>
[HtmlTargetElement("choice", Attributes = "for", TagStructure = TagStructure.WithoutEndTag)]
public sealed class ChoiceTagHelper(IHtmlGenerator generator) : TagHelper
{
    [HtmlAttributeName("for")]
    public ModelExpression For { get; set; } = null!;

    [HtmlAttributeName("legend")]
    public string Legend { get; set; } = string.Empty;

    /// <summary>Restricts the options shown (e.g. only the outcomes the case allows).</summary>
    [HtmlAttributeName("only")]
    public IEnumerable<Enum>? Only { get; set; }

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var enumType = Nullable.GetUnderlyingType(For.Metadata.ModelType) ?? For.Metadata.ModelType;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        var id = TagBuilder.CreateSanitizedId(name, "_");
        var attempted = ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) ? entry.AttemptedValue : null;
        var selected = attempted ?? For.Model?.ToString();
        var options = Only?.ToList() ?? Enum.GetValues(enumType).Cast<Enum>().ToList();
        var hasError = entry is { Errors.Count: > 0 };

        output.TagName = "fieldset";
        output.TagMode = TagMode.StartTagAndEndTag;
        output.Attributes.SetAttribute("class", "choice mb-3");
        output.Attributes.SetAttribute("id", id);
        if (hasError)
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            output.Attributes.SetAttribute("aria-describedby", id + "_error");
        }

        var html = output.Content;
        html.AppendHtml("<legend class=\"form-label fw-semibold fs-6\">").Append(Legend).AppendHtml("</legend>");
        // Phones: two per row (three when there are exactly three, so none sits alone); tablets: up to four.
        var phoneColumns = options.Count is 1 or 3 ? options.Count : 2;
        var tabletColumns = options.Count <= 4 ? options.Count : options.Count % 4 == 0 ? 4 : 3;
        html.AppendHtml($"<div class=\"row row-cols-{phoneColumns} row-cols-md-{tabletColumns} g-2\">");
        foreach (var option in options)
        {
            var value = option.ToString();
            var optionId = $"{id}_{value}";
            var isChecked = string.Equals(value, selected, StringComparison.Ordinal)
                || (int.TryParse(selected, out var number) && Convert.ToInt32(option, System.Globalization.CultureInfo.InvariantCulture) == number);
            html.AppendHtml("<div class=\"col\">");
            var hint = Labels.HintFor(option);
            var describedBy = hint is null ? string.Empty : $" aria-describedby=\"{optionId}_hint\"";
            html.AppendHtml($"<input type=\"radio\" class=\"btn-check\" name=\"{HtmlEncoder.Default.Encode(name)}\" id=\"{optionId}\" value=\"{value}\" autocomplete=\"off\"{describedBy}{(isChecked ? " checked" : string.Empty)}>");
            html.AppendHtml($"<label class=\"btn btn-outline-primary w-100 choice-option\" for=\"{optionId}\">").AppendHtml("<span>").Append(Labels.For(option)).AppendHtml("</span>");
            if (hint is not null)
            {
                // Hidden from the option's name (which stays short) but read as its description.
                html.AppendHtml($"<small class=\"d-block choice-hint\" id=\"{optionId}_hint\" aria-hidden=\"true\">").Append(hint).AppendHtml("</small>");
            }

            html.AppendHtml("</label>");
            html.AppendHtml("</div>");
        }

        html.AppendHtml("</div>");
        var message = generator.GenerateValidationMessage(ViewContext, For.ModelExplorer, For.Name, message: null, tag: "div", htmlAttributes: new { @class = "text-danger small mt-1", id = id + "_error" });
        if (message is not null)
        {
            html.AppendHtml(message);
        }
    }
}
