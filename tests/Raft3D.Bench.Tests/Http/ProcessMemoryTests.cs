using Raft3D.Bench.Http;

namespace Raft3D.Bench.Tests.Http;

public sealed class ProcessMemoryTests
{
    private const string Status = "Name:\tdotnet\nVmPeak:\t 3456789 kB\nVmHWM:\t  812340 kB\nVmRSS:\t  701234 kB\nRssAnon:\t  690000 kB\nThreads:\t42\n";

    [Theory]
    [InlineData("VmRSS", 701234L)]
    [InlineData("VmHWM", 812340L)]
    [InlineData("Threads", 42L)]
    [InlineData("Rss", null)]
    [InlineData("VmSwap", null)]
    public void Reads_one_field_in_kilobytes(string field, long? expected) =>
        Assert.Equal(expected, ProcessMemory.Kilobytes(Status, field));

    [Fact]
    public void This_process_has_resident_memory_on_linux()
    {
        if (!OperatingSystem.IsLinux()) return;
        var memory = ProcessMemory.Of(Environment.ProcessId);
        Assert.True(memory.ResidentBytes > 0);
        Assert.True(memory.PeakResidentBytes >= memory.ResidentBytes);
    }
}
