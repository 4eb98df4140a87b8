using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>akka.remote's frame must carry the largest AppendEntries and snapshot chunk the settings allow.</summary>
public sealed class FrameBudgetTests : IDisposable
{
    private const long KiB = 1024;
    private const long MiB = 1024 * KiB;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(4 * MiB, 256 * KiB, 256 * KiB, 1 * MiB, true)]       // the defaults
    [InlineData(128_000, 256 * KiB, 256 * KiB, 1 * MiB, false)]      // Akka's own default frame
    [InlineData(1344 * KiB, 256 * KiB, 256 * KiB, 1 * MiB, true)]    // exactly append + one body + overhead
    [InlineData(1344 * KiB - 1, 256 * KiB, 256 * KiB, 1 * MiB, false)]
    [InlineData(4 * MiB, 256 * KiB, 8 * MiB, 1 * MiB, false)]        // a snapshot chunk larger than the frame
    [InlineData(4 * MiB, 256 * KiB, 256 * KiB, 8 * MiB, false)]      // a body limit larger than the frame
    public void The_frame_must_carry_max_append_bytes_plus_one_largest_command(long frame, long append, long chunk, long body, bool fits) =>
        Assert.Equal(fits, FrameBudget.Check(frame, append, chunk, body) is null);

    [Fact]
    public async Task A_node_whose_frame_is_too_small_exits_2_with_one_line()
    {
        var config = _folder.Combine("small-frame.conf");
        await File.WriteAllTextAsync(config, "akka.remote.dot-netty.tcp.maximum-frame-size = 128000b\n");
        var stderr = new StringWriter();

        var code = await Raft3DApp.RunAsync(["-id", "n1", "-http", $"127.0.0.1:{FreePorts.Next()}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
            "-data", _folder.Combine("data"), "-logs", _folder.Combine("logs"), "-config", config], TextWriter.Null, stderr);

        Assert.Equal(2, code);
        var line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("maximum-frame-size (128000 bytes) cannot carry the largest Raft message", line);
    }
}
