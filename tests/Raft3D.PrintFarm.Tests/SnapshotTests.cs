using Raft3D.PrintFarm.Commands;
using Raft3D.PrintFarm.Model;
using static Raft3D.PrintFarm.Tests.FarmBuilder;

namespace Raft3D.PrintFarm.Tests;

public sealed class SnapshotTests
{
    /// <summary>p1, f1 (1000 g PLA), j1 100 g Done, j2 200 g Running, j3 50 g Canceled, j4 300 g Queued.</summary>
    private static PrintFarmState SmallFarm()
    {
        var farm = WithPrinterAndFilament();
        foreach (var (id, grams) in new[] { ("j1", 100), ("j2", 200), ("j3", 50), ("j4", 300) }) farm.Apply(Job(id, grams));
        foreach (var (id, status) in new[] { ("j1", "running"), ("j1", "done"), ("j2", "running"), ("j3", "cancelled") })
            Assert.True(farm.Apply(new ChangeJobStatus(id, status)).IsSuccess);
        return farm;
    }

    private static byte[] Bytes(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) write(writer);
        return stream.ToArray();
    }

    private static void Header(BinaryWriter w, byte version)
    {
        w.Write("R3DF"u8);
        w.Write(version);
    }

    [Fact]
    public void An_empty_farm_is_eight_bytes() =>
        Assert.Equal("52334446" + "03" + "000000", Convert.ToHexString(new PrintFarmState().ToSnapshot()));

    /// <summary>
    /// The exact bytes of a small farm: a change here is a format change, which needs a new
    /// version byte (nodes running different builds must agree on snapshots).
    /// </summary>
    [Fact]
    public void The_format_is_stable()
    {
        const string expected =
            "5233444603" +
            "01" + "027031" + "055072757361" + "034D4B34" + "01" +                             // printer p1 Prusa MK4, version 1
            "01" + "026631" + "00" + "03726564" + "E807" + "8407" + "08" +                     // filament f1 PLA red 1000 900, version 8 (j1 done)
            "04" +
            "026A31" + "01" + "01" + "0C62656E6368792E67636F6465" + "64" + "02" + "08" +       // j1 p#1 f#1 benchy.gcode 100 Done, version 8
            "026A32" + "01" + "01" + "0C62656E6368792E67636F6465" + "C801" + "01" + "09" +     // j2 200 Running, 9
            "026A33" + "01" + "01" + "0C62656E6368792E67636F6465" + "32" + "03" + "0A" +       // j3 50 Canceled, 10
            "026A34" + "01" + "01" + "0C62656E6368792E67636F6465" + "AC02" + "00" + "06";      // j4 300 Queued, 6
        Assert.Equal(expected, Convert.ToHexString(SmallFarm().ToSnapshot()));
    }

    /// <summary>The bytes version 2 wrote for <see cref="SmallFarm"/>: a job refers to its printer and filament by position.</summary>
    private const string SmallFarmVersion2 =
        "5233444602" +
        "01" + "027031" + "055072757361" + "034D4B34" +
        "01" + "026631" + "00" + "03726564" + "E807" + "8407" +
        "04" +
        "026A31" + "00" + "00" + "0C62656E6368792E67636F6465" + "64" + "02" +
        "026A32" + "00" + "00" + "0C62656E6368792E67636F6465" + "C801" + "01" +
        "026A33" + "00" + "00" + "0C62656E6368792E67636F6465" + "32" + "03" +
        "026A34" + "00" + "00" + "0C62656E6368792E67636F6465" + "AC02" + "00";

    [Fact]
    public void A_version_2_snapshot_is_still_read_with_every_object_at_version_0()
    {
        var restored = PrintFarmState.FromSnapshot(Convert.FromHexString(SmallFarmVersion2));

        var farm = SmallFarm();
        Assert.Equal(farm.ListPrinters().Select(p => p with { Version = 0 }), restored.ListPrinters());
        Assert.Equal(farm.ListFilaments().Select(f => f with { Version = 0 }), restored.ListFilaments());
        Assert.Equal(farm.ListJobs().Select(j => j with { Version = 0 }), restored.ListJobs());
        Assert.Equal(["j2", "j4"], restored.ListJobs(filamentId: "f1").Where(j => JobStatuses.Reserves(j.Status)).Select(j => j.Id));
        Assert.Equal(500, restored.GetFilament("f1")!.ReservedWeightInGrams);
    }

    [Fact]
    public void The_previous_releases_format_is_written_byte_for_byte_as_that_release_wrote_it() =>
        Assert.Equal(SmallFarmVersion2, Convert.ToHexString(SmallFarm().View.ToSnapshot(previousRelease: true)));

    [Fact]
    public void A_farm_with_a_job_of_a_deleted_printer_is_refused_in_the_previous_releases_format()
    {
        var farm = SmallFarm();
        Assert.True(farm.Apply(new ChangeJobStatus("j2", "done")).IsSuccess);
        Assert.True(farm.Apply(new ChangeJobStatus("j4", "canceled")).IsSuccess);
        Assert.IsType<Results.FarmResult.Deleted>(farm.Apply(new DeletePrinter("p1", null)));

        var refused = Assert.Throws<InvalidOperationException>(() => farm.View.ToSnapshot(previousRelease: true));
        Assert.Contains("'p1', which was deleted", refused.Message);
    }

    [Fact]
    public void Jobs_of_a_deleted_printer_and_filament_keep_their_ids_through_a_snapshot()
    {
        var farm = SmallFarm();
        Assert.True(farm.Apply(new ChangeJobStatus("j2", "done")).IsSuccess);
        Assert.True(farm.Apply(new ChangeJobStatus("j4", "canceled")).IsSuccess);
        farm.Apply(new CreatePrinter("p2", "Bambu", "X1"));
        Assert.IsType<Results.FarmResult.Deleted>(farm.Apply(new DeletePrinter("p1", null)));
        Assert.IsType<Results.FarmResult.Deleted>(farm.Apply(new DeleteFilament("f1", null)));

        var bytes = farm.ToSnapshot();
        var restored = PrintFarmState.FromSnapshot(bytes);

        Assert.Equal(farm.ListJobs(), restored.ListJobs());
        Assert.Equal(["j1", "j2", "j3", "j4"], restored.ListJobs(printerId: "p1").Select(j => j.Id));
        Assert.Equal(["p2"], restored.ListPrinters().Select(p => p.Id));
        Assert.Equal(bytes, restored.ToSnapshot());
        // A reference to a deleted object is 0 and the id spelled out.
        Assert.Contains("026A31" + "00027031" + "00026631", Convert.ToHexString(bytes));
    }

    [Fact]
    public void A_captured_snapshot_keeps_the_bytes_of_its_moment_while_the_farm_changes()
    {
        var farm = SmallFarm();
        var expected = farm.ToSnapshot();
        var capture = farm.CaptureSnapshot();

        farm.Apply(new CreatePrinter("p2", "Bambu", "X1"));
        farm.Apply(Job("j5", 10));
        Assert.True(farm.Apply(new ChangeJobStatus("j4", "running")).IsSuccess);

        using var written = new MemoryStream();
        capture(written);
        Assert.Equal(expected, written.ToArray());
        Assert.NotEqual(expected, farm.ToSnapshot());
    }

    [Fact]
    public void A_restored_farm_has_the_same_objects_reserved_weights_and_bytes()
    {
        var farm = SmallFarm();
        var restored = PrintFarmState.FromSnapshot(farm.ToSnapshot());
        Assert.Equal(farm.ListPrinters(), restored.ListPrinters());
        Assert.Equal(farm.ListFilaments(), restored.ListFilaments());
        Assert.Equal(farm.ListJobs(), restored.ListJobs());
        Assert.Equal(new Filament("f1", FilamentType.PLA, "red", 1000, 900, 500) { Version = 8 }, restored.GetFilament("f1"));
        Assert.Equal(farm.ToSnapshot(), restored.ToSnapshot());
    }

    [Fact]
    public void A_restored_farm_goes_on_exactly_like_the_original()
    {
        var farm = SmallFarm();
        var restored = PrintFarmState.FromSnapshot(farm.ToSnapshot());
        FarmCommand[] next =
        [
            Job("j5", 400), Job("j6", 1), new ChangeJobStatus("j2", "done"), new ChangeJobStatus("j4", "running"),
            Job("j7", 401), new ChangeJobStatus("j3", "running"), new CreatePrinter("p1", "x", "y"),
        ];
        foreach (var command in next) Assert.Equal(farm.Apply(command), restored.Apply(command));
        Assert.Equal(farm.ToSnapshot(), restored.ToSnapshot());
    }

    [Fact]
    public void A_version_1_snapshot_with_spelled_out_references_is_still_read()
    {
        var v1 = Bytes(w =>
        {
            Header(w, 1);
            w.Write7BitEncodedInt(1); w.Write("p1"); w.Write("Prusa"); w.Write("MK4");
            w.Write7BitEncodedInt(1); w.Write("f1"); w.Write((byte)FilamentType.PLA); w.Write("red"); w.Write7BitEncodedInt(1000); w.Write7BitEncodedInt(900);
            w.Write7BitEncodedInt(4);
            foreach (var (id, grams, status) in new[] { ("j1", 100, JobStatus.Done), ("j2", 200, JobStatus.Running), ("j3", 50, JobStatus.Canceled), ("j4", 300, JobStatus.Queued) })
            {
                w.Write(id); w.Write("p1"); w.Write("f1"); w.Write("benchy.gcode"); w.Write7BitEncodedInt(grams); w.Write((byte)status);
            }
        });
        var restored = PrintFarmState.FromSnapshot(v1);
        Assert.Equal(PrintFarmState.FromSnapshot(Convert.FromHexString(SmallFarmVersion2)).ToSnapshot(), restored.ToSnapshot());
    }

    [Theory]
    [InlineData(new byte[] { }, "magic")]
    [InlineData(new byte[] { 1, 2, 3, 4, 5, 6 }, "magic")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46 }, "magic")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 9, 0, 0, 0 }, "version 9 is not supported")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 0, 0, 0, 0 }, "version 0 is not supported")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 2 }, "empty")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 2, 0, 0, 0, 0 }, "unexpected bytes")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, "cannot fit")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 2, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "corrupt")]
    [InlineData(new byte[] { 0x52, 0x33, 0x44, 0x46, 2, 0, 1, 2, 0x66, 0x31, 7, 3, 0x72, 0x65, 0x64, 10, 10, 0 }, "not a FilamentType")]
    public void Garbage_is_refused_with_a_clear_message(byte[] bytes, string message) =>
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(bytes)).Message);

    [Fact]
    public void Every_truncation_is_refused()
    {
        var bytes = SmallFarm().ToSnapshot();
        for (var length = 0; length < bytes.Length; length++)
            Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(bytes.AsSpan(0, length)));
    }

    [Fact]
    public void Every_single_byte_change_restores_a_consistent_farm_or_is_refused_with_InvalidDataException()
    {
        var bytes = SmallFarm().ToSnapshot();
        foreach (var position in Enumerable.Range(0, bytes.Length))
        foreach (var value in new byte[] { 0, 1, 2, 3, 4, 0x7F, 0x80, 0xFF })
        {
            var changed = bytes.ToArray();
            changed[position] = value;
            try
            {
                var restored = PrintFarmState.FromSnapshot(changed);
                foreach (var f in restored.ListFilaments()) Assert.InRange(f.ReservedWeightInGrams, 0, f.RemainingWeightInGrams);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    public static TheoryData<string, byte[]> Inconsistent() => new()
    {
        { "printer 'p1' appears twice", Bytes(w =>
            {
                Header(w, 2);
                w.Write7BitEncodedInt(2); w.Write("p1"); w.Write("a"); w.Write("b"); w.Write("p1"); w.Write("c"); w.Write("d");
                w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0);
            }) },
        { "printer id 'p 1' is malformed", Bytes(w =>
            {
                Header(w, 2);
                w.Write7BitEncodedInt(1); w.Write("p 1"); w.Write("a"); w.Write("b");
                w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0);
            }) },
        { "filament 'f1' has 1001 g remaining of 1000 g", Bytes(w =>
            {
                Header(w, 2);
                w.Write7BitEncodedInt(0);
                w.Write7BitEncodedInt(1); w.Write("f1"); w.Write((byte)0); w.Write("red"); w.Write7BitEncodedInt(1000); w.Write7BitEncodedInt(1001);
                w.Write7BitEncodedInt(0);
            }) },
        { "print job 'j1' names missing filament 'ghost'", Bytes(w =>
            {
                Header(w, 1);
                w.Write7BitEncodedInt(1); w.Write("p1"); w.Write("a"); w.Write("b");
                w.Write7BitEncodedInt(0);
                w.Write7BitEncodedInt(1); w.Write("j1"); w.Write("p1"); w.Write("ghost"); w.Write("x"); w.Write7BitEncodedInt(5); w.Write((byte)0);
            }) },
        { "refers to filament number 3 of 0", Bytes(w =>
            {
                Header(w, 2);
                w.Write7BitEncodedInt(1); w.Write("p1"); w.Write("a"); w.Write("b");
                w.Write7BitEncodedInt(0);
                w.Write7BitEncodedInt(1); w.Write("j1"); w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(3); w.Write("x"); w.Write7BitEncodedInt(5); w.Write((byte)0);
            }) },
        { "filament 'f1' has 4 g available but print job 'j3' holds 6 g", Bytes(w =>
            {
                Header(w, 2);
                w.Write7BitEncodedInt(1); w.Write("p1"); w.Write("a"); w.Write("b");
                w.Write7BitEncodedInt(1); w.Write("f1"); w.Write((byte)0); w.Write("red"); w.Write7BitEncodedInt(20); w.Write7BitEncodedInt(20);
                w.Write7BitEncodedInt(3);
                w.Write("j1"); w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0); w.Write("x"); w.Write7BitEncodedInt(10); w.Write((byte)JobStatus.Running);
                w.Write("j2"); w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0); w.Write("x"); w.Write7BitEncodedInt(6); w.Write((byte)JobStatus.Running);
                w.Write("j3"); w.Write7BitEncodedInt(0); w.Write7BitEncodedInt(0); w.Write("x"); w.Write7BitEncodedInt(6); w.Write((byte)JobStatus.Queued);
            }) },
    };

    [Theory]
    [MemberData(nameof(Inconsistent))]
    public void A_snapshot_of_a_farm_the_rules_forbid_is_refused(string problem, byte[] bytes)
    {
        var error = Assert.Throws<InvalidDataException>(() => PrintFarmState.FromSnapshot(bytes));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Snapshots_do_not_depend_on_the_order_ids_hash_in()
    {
        // Ids chosen to land all over a hash table, created in an order unlike any sort order.
        var ids = Enumerable.Range(0, 300).Select(i => $"id{(i * 7919) % 1000:D3}").ToList();
        var farm = new PrintFarmState();
        foreach (var id in ids) farm.Apply(new CreatePrinter(id, "Prusa", "MK4"));
        Assert.Equal(ids, farm.ListPrinters().Select(p => p.Id));
        Assert.Equal(ids, PrintFarmState.FromSnapshot(farm.ToSnapshot()).ListPrinters().Select(p => p.Id));
    }
}
