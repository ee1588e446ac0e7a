using ServiceRecovery.Web.Tests.Infrastructure;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>Runs every fixed hostile case against every form of one rendered page, then checks what was stored.</summary>
public static class HostileFormRun
{
    public const int MinimumCasesPerForm = 60;

    /// <summary>Returns how many requests were sent; fails with every problem found.</summary>
    public static async Task<int> FuzzPageAsync(AppFactory app, HttpClient client, string url, bool includeSignOut = false)
    {
        ArgumentNullException.ThrowIfNull(app);
        var page = await client.GetDocumentAsync(url);
        var forms = FormFuzzer.Forms(page, url, includeSignOut);
        Assert.NotEmpty(forms);
        var problems = new List<string>();
        var sent = 0;
        foreach (var form in forms)
        {
            var cases = FormFuzzer.Cases(form);
            Assert.True(cases.Count >= MinimumCasesPerForm, $"Only {cases.Count} cases for form {form.Index} on {url}.");
            foreach (var hostile in cases)
            {
                if (await FormFuzzer.SendAsync(client, form, hostile) is { } problem)
                {
                    problems.Add(problem);
                }

                sent++;
            }
        }

        problems.AddRange(await StoredData.ViolationsAsync(app.ConnectionString));
        Assert.True(problems.Count == 0, $"{problems.Count} problems on {url}:{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(40))}");
        return sent;
    }
}
