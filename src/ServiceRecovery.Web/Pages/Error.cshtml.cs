using System.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ServiceRecovery.Web.Pages;

[AllowAnonymous]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string? RequestId { get; private set; }

    public bool ShowRequestId => !string.IsNullOrEmpty(RequestId);

    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "We could not finish that. Nothing was half-saved; please try again.";

    /// <summary>Where a customer of a tell-us card goes back to, when the failed request came from one.</summary>
    public string? CardPath { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        var original = HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>()?.OriginalPath;
        if (original is not null && original.StartsWith(Infrastructure.TellUsLimits.PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            CardPath = original;
        }

        if (code == StatusCodes.Status429TooManyRequests)
        {
            (Title, Message) = CardPath is not null
                ? ("Thank you — that is a lot of cards at once", "So many cards came from here, or to this store, in the last few minutes that we have to pause. Please wait ten minutes and send yours again, or tell a member of staff in person.")
                : ("Too many requests", "Wait a minute and try again.");
            RequestId = null;
        }
        else if (code == StatusCodes.Status404NotFound)
        {
            (Title, Message) = ("Not found", "That page or case does not exist, or you cannot see it.");
        }
        else if (code == StatusCodes.Status503ServiceUnavailable && HttpContext.Items.ContainsKey(Infrastructure.ReportGate.RefusedItem))
        {
            (Title, Message) = ("The dashboard is busy", "Many reports are being worked out at this moment. Wait a few seconds and reload the page.");
        }
        else if (code == StatusCodes.Status503ServiceUnavailable)
        {
            (Title, Message) = ("Not saved — please try again", "The database did not answer just now. Nothing was half-saved. Go back and press the button again in a moment.");
        }
        else if (code is >= 400 and < 500)
        {
            (Title, Message) = ("That request could not be handled", "Go back, reload the page and try again.");
        }
    }
}
