using System.Text.Json;
using Microsoft.Playwright;

namespace ServiceRecovery.Web.Tests.Browser;

/// <summary>Checks run inside the browser on the page as rendered; each returns the problems it found, described for a person.</summary>
public static class PageAudits
{
    private const string Interactive = "a[href], button, summary, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex='-1'])";

    /// <summary>
    /// Every visible input, select and textarea has a &lt;label&gt; with text; every radio sits in a fieldset with a
    /// legend; every link, button and summary has a name. A visually hidden .btn-check radio counts as visible when its label is.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MissingNamesAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string[]>(Script("""
            const problems = [];
            for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
              if (!shown(e)) continue;
              const labels = [...(e.labels ?? [])].map(text).filter(t => t.length > 0);
              if (labels.length === 0) problems.push(`no <label>: ${describe(e)}`);
              if (e.type === 'radio') {
                const fieldset = e.closest('fieldset');
                const legend = fieldset?.querySelector(':scope > legend');
                if (!fieldset || !legend || text(legend).length === 0) problems.push(`radio not in a fieldset with a legend: ${describe(e)}`);
              }
            }
            for (const e of document.querySelectorAll('a[href], button, summary, [role=button]')) {
              if (!shown(e)) continue;
              const name = (e.getAttribute('aria-label') ?? '').trim() || text(e);
              if (!name) problems.push(`no accessible name: ${describe(e)}`);
            }
            return problems;
            """));
    }

    /// <summary>
    /// Presses Tab from the top of the page to the end and lists the visible interactive elements it never reached.
    /// A radio group counts as reached when one of its radios is (Tab stops once per group; arrows move inside it).
    /// </summary>
    public static async Task<IReadOnlyList<string>> UnreachableByKeyboardAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        using var items = JsonDocument.Parse(await page.EvaluateAsync<string>(Script($$"""
            const items = [];
            let key = 0;
            for (const e of document.querySelectorAll("{{Interactive}}")) {
              if (!shown(e) || e.disabled) continue;
              e.dataset.auditKey = String(key++);
              items.push({ key: e.dataset.auditKey, group: e.type === 'radio' ? e.name : '', what: describe(e) });
            }
            document.activeElement?.blur();
            document.body.tabIndex = -1;
            document.body.focus();
            document.body.removeAttribute('tabindex');
            return JSON.stringify(items);
            """)));

        var elements = items.RootElement.EnumerateArray()
            .Select(e => (Key: e.GetProperty("key").GetString()!, Group: e.GetProperty("group").GetString()!, What: e.GetProperty("what").GetString()!))
            .ToList();
        var reached = new HashSet<string>(StringComparer.Ordinal);
        string? previous = null;
        for (var presses = 0; presses < (elements.Count * 4) + 10; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string?>("() => document.activeElement?.dataset?.auditKey ?? null");

            // Tab walks through the parts of a date-time input (day, month, year, time) without leaving it.
            if (focused is not null && focused == previous)
            {
                continue;
            }

            if (focused is null || !reached.Add(focused))
            {
                break;
            }

            previous = focused;
        }

        var reachedGroups = elements.Where(e => e.Group.Length > 0 && reached.Contains(e.Key)).Select(e => e.Group).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. elements.Where(e => e.Group.Length == 0 && !reached.Contains(e.Key)).Select(e => e.What),
            .. elements.Where(e => e.Group.Length > 0 && !reachedGroups.Contains(e.Group)).Select(e => $"radio group {e.Group}").Distinct(),
        ];
    }

    /// <summary>Null when the page fits its width; otherwise the widths and the elements that stick out.</summary>
    public static async Task<string?> HorizontalOverflowAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return await page.EvaluateAsync<string?>(Script("""
            // clientWidth leaves out a classic (desktop) scrollbar, so a page a few pixels too wide is caught there too.
            const width = document.scrollingElement.clientWidth;
            const scrollWidth = document.scrollingElement.scrollWidth;
            if (scrollWidth <= width) return null;
            const wide = [...document.querySelectorAll('body *')]
              .filter(e => shown(e) && e.getBoundingClientRect().right > width + 0.5)
              .slice(0, 8).map(e => `${describe(e)} (right edge ${Math.round(e.getBoundingClientRect().right)}px)`);
            return `scrollWidth ${scrollWidth}px > clientWidth ${width}px at ${location.pathname}; sticking out: ${wide.join('; ')}`;
            """));
    }

    /// <summary>Fails, naming what sticks out, when the page scrolls sideways.</summary>
    public static async Task AssertNoSidewaysScrollAsync(this IPage page)
    {
        var overflow = await page.HorizontalOverflowAsync();
        Assert.True(overflow is null, overflow);
    }

    /// <summary>Wraps a script body with the helpers every audit uses.</summary>
    private static string Script(string body) => $$"""
        () => {
          const text = e => (e?.textContent ?? '').replace(/\s+/g, ' ').trim();
          const describe = e => e.outerHTML.replace(/\s+/g, ' ').slice(0, 140);
          const labelOf = e => e.id ? document.querySelector(`label[for="${CSS.escape(e.id)}"]`) : null;
          const shown = e => (e.type === 'radio' || e.type === 'checkbox') && e.classList.contains('btn-check')
            ? (labelOf(e)?.checkVisibility() ?? false)
            : e.checkVisibility();
          {{body}}
        }
        """;
}
