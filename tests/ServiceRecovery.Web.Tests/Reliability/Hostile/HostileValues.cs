namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>
/// What a careless, confused or malicious client can type or post. Every value that could end up in the page
/// carries the marker tag <c>&lt;x-hostile&gt;</c> or is plain text, so "reflected unencoded" is one search.
/// </summary>
public static class HostileValues
{
    public const string Marker = "<x-hostile";

    public static IReadOnlyList<(string Name, string Value)> All { get; } =
    [
        ("empty", string.Empty),
        ("whitespace only", "   "),
        ("tabs and newlines only", "\t\r\n\t"),
        ("10 kB", new string('a', 10 * 1024)),
        ("1 MB", new string('b', 1024 * 1024)),
        ("NUL", "a\0b"),
        ("control characters", "\u0001\u0007\u001b[31mred\u007f"),
        ("C1 control", "x\u0085\u009b"),
        ("right-to-left override", "\u202Egnp.exe"),
        ("right-to-left text", "שלום עולם مرحبا"),
        ("zero-width only", "\u200B\u200C\u200D\uFEFF"),
        ("zero-width inside", "ca\u200Bke"),
        ("lone high surrogate", "x\uD800y"),
        ("lone low surrogate", "\uDC00"),
        ("emoji", "😀🍰 👨‍👩‍👧 🇨🇿"),
        ("combining marks", "e\u0301\u0301\u0301 Z\u0351\u0352\u0353"),
        ("script tag", "<x-hostile><script>alert(1)</script>"),
        ("attribute breakout", "\"><x-hostile onmouseover=alert(1)>"),
        ("single-quote breakout", "'><x-hostile a='"),
        ("textarea breakout", "</textarea><x-hostile>"),
        ("javascript url", "javascript:alert(1)"),
        ("html entities", "&lt;x-hostile&gt; &amp; &#60;"),
        ("SQL quote", "' OR 1=1 --"),
        ("SQL drop", "'; DROP TABLE Cases; --"),
        ("SQL comment", "1/**/UNION/**/SELECT/**/1"),
        ("CRLF header", "a\r\nX-Hostile: 1\r\nSet-Cookie: x=1"),
        ("percent encoded", "%00%0d%0a%3Cx-hostile%3E"),
        ("path traversal", "../../../../etc/passwd"),
        ("template", "{{7*7}} ${7*7} @(7*7)"),
        ("format string", "%s%s%n{0}{1}"),
        ("negative", "-1"),
        ("negative cent", "-0.01"),
        ("zero", "0"),
        ("huge", "99999999999999999999999999999"),
        ("int overflow", "2147483648"),
        ("long overflow", "-9223372036854775809"),
        ("decimal overflow", "79228162514264337593543950336"),
        ("1e309", "1e309"),
        ("NaN", "NaN"),
        ("Infinity", "-Infinity"),
        ("comma decimal", "1,5"),
        ("thousands", "1,000.50"),
        ("two points", "1.2.3"),
        ("hex", "0x1F"),
        ("currency sign", "€ 7.50"),
        ("far past date", "0001-01-01T00:00"),
        ("far future date", "9999-12-31T23:59"),
        ("year 1900", "1900-01-01"),
        ("impossible date", "2026-02-30T25:61"),
        ("not a date", "yesterday-ish"),
        ("unknown enum name", "Teleported"),
        ("unknown enum number", "999"),
        ("enum zero", "0"),
        ("enum flags", "WrongOrder, MissingItem"),
        ("boolean nonsense", "maybe"),
        ("guid zero", "00000000-0000-0000-0000-000000000000"),
        ("not a guid", "not-a-guid"),
        ("id max", "2147483647"),
        ("email-ish", "a@b"),
        ("long email", new string('e', 300) + "@example.com"),
    ];

    /// <summary>UTF-8 percent-encoding as a browser does, except that a lone surrogate goes out as its raw (invalid) UTF-8 bytes.</summary>
    public static string UrlEncode(string value)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) && !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1])))
            {
                builder.Append('%').Append((0xE0 | (c >> 12)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))
                    .Append('%').Append((0x80 | ((c >> 6) & 0x3F)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture))
                    .Append('%').Append((0x80 | (c & 0x3F)).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (char.IsHighSurrogate(c))
            {
                builder.Append(Uri.EscapeDataString(value[i..(i + 2)]));
                i++;
            }
            else
            {
                builder.Append(Uri.EscapeDataString(c.ToString()));
            }
        }

        return builder.ToString();
    }

    public static string UrlEncode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => UrlEncode(f.Key) + "=" + UrlEncode(f.Value)));
}
