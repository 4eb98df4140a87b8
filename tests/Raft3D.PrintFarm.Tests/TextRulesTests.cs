using System.Text.RegularExpressions;
using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using Raft3D.PrintFarm.Results;

namespace Raft3D.PrintFarm.Tests;

/// <summary>Bad text in names and ids (SPEC §3 last bullet, §10), refused at apply and naming the field.</summary>
public sealed class TextRulesTests
{
    [Theory]
    [InlineData("Prusa", null)]
    [InlineData("Prusa Research a.s.", null)]
    [InlineData("ünïcödé 🐢", null)]                  // a surrogate pair is one character, not a lone surrogate
    [InlineData("", "is required")]
    [InlineData("   ", "is required")]
    [InlineData("MK4\t", "control characters")]
    [InlineData("a\nb", "control characters")]
    [InlineData("a\u0000b", "control characters")]
    [InlineData("a\u007Fb", "control characters")]   // DEL
    [InlineData("a\u0085b", "control characters")]   // C1 (NEL)
    // Attributes store strings as UTF-8, where a lone surrogate cannot live: these are unescaped in the test.
    [InlineData(@"\uD800", "lone surrogate")]
    [InlineData(@"a\uDC00b", "lone surrogate")]
    [InlineData(@"\uD83D", "lone surrogate")]         // the first half of a pair, alone at the end
    [InlineData(@"\uDC22\uD83D", "lone surrogate")]   // a pair in the wrong order
    public void Names_are_visible_valid_text(string text, string? problem)
    {
        var found = Texts.Problem(Regex.Unescape(text), "something");
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Theory]
    [InlineData("p1", true)]
    [InlineData("a.b", true)]
    [InlineData("...", true)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("", false)]
    [InlineData("a/b", false)]
    [InlineData("a b", false)]
    public void Ids_are_never_dot_or_dot_dot(string id, bool valid)
    {
        Assert.Equal(valid, Ids.IsValid(id));
        Assert.Equal(valid || id is "." or "..", Ids.IsWellFormed(id));
    }

    public static TheoryData<FarmCommand, string> Refused() => new()
    {
        { new CreatePrinter(".", "Prusa", "MK4"), "id" },
        { new CreatePrinter("..", "Prusa", "MK4"), "id" },
        { new CreatePrinter("p9", "Pru\u0007sa", "MK4"), "company" },
        { new CreatePrinter("p9", "Prusa", "\uD800"), "model" },
        { new CreateFilament("f9", "PLA", "re\rd", 10, null), "color" },
        { new CreatePrintJob("j9", "p1", "f1", "a\u0000.gcode", 1, null), "filepath" },
        { new UpdatePrinter("p1", "\u001B[31mPrusa", null, null), "company" },
        { new UpdateFilament("f1", "\uDFFF", null, null), "color" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Bad_text_is_a_field_error_and_changes_nothing(FarmCommand command, string field)
    {
        var farm = FarmBuilder.WithPrinterAndFilament();
        var before = farm.ToSnapshot();
        Assert.Equal(field, Assert.Single(Assert.IsType<FarmResult.Invalid>(farm.Apply(command)).Errors).Field);
        Assert.Equal(before, farm.ToSnapshot());
    }

    [Fact]
    public void A_snapshot_from_before_the_rule_with_a_dot_id_still_restores()
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            w.Write("R3DF"u8); w.Write((byte)2);
            w.Write7BitEncodedInt(1); w.Write("."); w.Write("Prusa"); w.Write("MK4");
            w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0);
        }
        Assert.NotNull(PrintFarmState.FromSnapshot(stream.ToArray()).GetPrinter("."));
    }
}
