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

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (code == StatusCodes.Status404NotFound)
        {
            (Title, Message) = ("Not found", "That page or case does not exist, or you cannot see it.");
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
