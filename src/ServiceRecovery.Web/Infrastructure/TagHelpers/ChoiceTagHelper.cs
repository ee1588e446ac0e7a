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

    [HtmlAttributeName("columns")]
    public int Columns { get; set; } = 3;

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
        html.AppendHtml($"<div class=\"row row-cols-2 row-cols-md-{Columns} g-2\">");
        foreach (var option in options)
        {
            var value = option.ToString();
            var optionId = $"{id}_{value}";
            var isChecked = string.Equals(value, selected, StringComparison.Ordinal)
                || (int.TryParse(selected, out var number) && Convert.ToInt32(option, System.Globalization.CultureInfo.InvariantCulture) == number);
            html.AppendHtml("<div class=\"col\">");
            html.AppendHtml($"<input type=\"radio\" class=\"btn-check\" name=\"{HtmlEncoder.Default.Encode(name)}\" id=\"{optionId}\" value=\"{value}\" autocomplete=\"off\"{(isChecked ? " checked" : string.Empty)}>");
            html.AppendHtml($"<label class=\"btn btn-outline-primary w-100 choice-option\" for=\"{optionId}\">").Append(Labels.For(option)).AppendHtml("</label>");
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
