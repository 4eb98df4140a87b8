using Raft3D.Server.Idempotency;

namespace Raft3D.Server.Tests.StateMachine;

public sealed class IdempotencyTableTests
{
    private static readonly byte[] Fingerprint = [1, 2, 3];

    [Fact]
    public void Keeps_the_first_result_of_a_key()
    {
        var table = new IdempotencyTable(10, TimeSpan.FromHours(1));
        table.Advance(1000);
        table.Record("k", Fingerprint, [7]);
        table.Record("k", [9], [8]);

        var entry = table.Find("k")!;
        Assert.Equal(Fingerprint, entry.Fingerprint);
        Assert.Equal([7], entry.Result);
    }

    [Fact]
    public void Evicts_the_oldest_past_the_count_bound()
    {
        var table = new IdempotencyTable(3, TimeSpan.FromHours(1));
        for (var i = 0; i < 5; i++)
        {
            table.Advance(1000 + i);
            table.Record($"k{i}", Fingerprint, [(byte)i]);
        }

        Assert.Equal(3, table.Count);
        Assert.Null(table.Find("k0"));
        Assert.Null(table.Find("k1"));
        Assert.NotNull(table.Find("k4"));
    }

    [Fact]
    public void Evicts_by_age_on_the_clock_of_applied_commands_never_going_back()
    {
        var table = new IdempotencyTable(100, TimeSpan.FromSeconds(10));
        table.Advance(1_000);
        table.Record("old", Fingerprint, [1]);
        table.Advance(8_000);
        table.Record("newer", Fingerprint, [2]);
        // A proposer with a slow clock does not move the table's clock back.
        table.Advance(2_000);
        Assert.Equal(8_000, table.NowMs);
        Assert.NotNull(table.Find("old"));

        table.Advance(11_001);

        Assert.Null(table.Find("old"));
        Assert.NotNull(table.Find("newer"));
    }

    [Fact]
    public void Round_trips_through_its_binary_form()
    {
        var table = new IdempotencyTable(100, TimeSpan.FromHours(1));
        table.Advance(5);
        table.Record("a", Fingerprint, [1, 2]);
        table.Advance(6);
        table.Record("b", [4], []);

        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) table.Write(writer);
        var copy = new IdempotencyTable(100, TimeSpan.FromHours(1));
        stream.Position = 0;
        using (var reader = new BinaryReader(stream)) copy.Read(reader);

        Assert.Equal(2, copy.Count);
        Assert.Equal(6, copy.NowMs);
        Assert.Equal(table.Find("a"), copy.Find("a"), (x, y) => x!.Key == y!.Key && x.Result.SequenceEqual(y.Result) && x.RecordedAtMs == y.RecordedAtMs);
    }
}
