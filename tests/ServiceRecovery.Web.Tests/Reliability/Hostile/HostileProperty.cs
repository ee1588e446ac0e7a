using FsCheck;
using FsCheck.Fluent;

namespace ServiceRecovery.Web.Tests.Reliability.Hostile;

/// <summary>
/// Property-based hostile input (FsCheck): any string built from troublesome characters, in any field of any of the
/// given forms, is answered without a 5xx and without reflecting markup.
/// </summary>
public static class HostileProperty
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "7", "0", "-", ".", ",", "e", " ", "\t", "\r\n", "\0", "\u0001", "\u001b", "\u007f", "\u0085", "\u202E", "\u200B", "\uFEFF",
        "\uD800", "\uDFFF", "😀", "👨‍👩‍👧", "é", "ß", "日本", "مرحبا", "<x-hostile>", "\"", "'", "&", ";", "--", "%", "%00", "{0}", "@", "+", "1e309", "NaN",
        "9999999999", "WrongOrder", "true", "0001-01-01", "T", ":",
    ];

    public static void Check(HttpClient client, IReadOnlyList<FormUnderTest> forms)
    {
        var text = Gen.Elements(Pieces).ArrayOf().Select(parts => string.Concat(parts));
        var bigText = Gen.Choose(0, 3).SelectMany(n => text.Select(t => n == 0 ? string.Concat(Enumerable.Repeat(t.Length == 0 ? "x" : t, 2000)) : t));
        var input = from form in Gen.Choose(0, forms.Count - 1)
                    from field in Gen.Choose(0, 1000)
                    from value in bigText
                    select (Form: forms[form], Field: field, Value: value);

        Prop.ForAll(Arb.From(input), i => Answered(client, i.Form, i.Field, i.Value)).QuickCheckThrowOnFailure();
    }

    private static bool Answered(HttpClient client, FormUnderTest form, int field, string value)
    {
        var name = form.Names.Count == 0 ? string.Empty : form.Names[field % form.Names.Count];
        var hostile = new HostileCase($"property: {name} = {value.Length} chars", f => f.Request(f.Replacing(n => n == name ? value : null)));
        var problem = Task.Run(() => FormFuzzer.SendAsync(client, form, hostile)).GetAwaiter().GetResult();
        return problem is null ? true : throw new Xunit.Sdk.XunitException(problem);
    }
}
