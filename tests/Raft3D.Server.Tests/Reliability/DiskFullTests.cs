using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Reliability;

/// <summary>
/// A data directory on a small tmpfs that fills up under the node: it reports its failing journal,
/// and recovers by itself once space is freed. Mounting needs root (CAP_SYS_ADMIN), as the test
/// machines and CI have; elsewhere this test fails saying so.
/// </summary>
public sealed class DiskFullTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_full_data_disk_makes_the_node_unready_and_freeing_space_lets_it_recover_with_every_acknowledged_write()
    {
        var disk = _folder.Combine("disk");
        Directory.CreateDirectory(disk);
        var (mounted, why) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", disk);
        Assert.True(mounted, $"mounting a tmpfs for the data directory needs root: {why}");
        var httpPort = FreePorts.Next();
        WebApplication? app = null;
        try
        {
            var config = _folder.Combine("storage.conf");
            await File.WriteAllTextAsync(config, "raft3d.storage { busy-timeout = 500ms, call-timeout = 2s, breaker-reset-timeout = 500ms, " +
                                                  "restart-min-backoff = 100ms, restart-max-backoff = 500ms, give-up-after = 300s }");
            app = Raft3DApp.Build(["-id", "n1", "-bootstrap", "-http", $"127.0.0.1:{httpPort}", "-raft", $"127.0.0.1:{FreePorts.Next()}",
                "-data", disk, "-logs", _folder.Combine("logs"), "-console-level", "error", "-config", config]);
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.True(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "the node to be ready");
            var acknowledged = new List<string>();
            for (var i = 0; i < 5; i++)
                if (await CreateAsync(http, $"before{i}")) acknowledged.Add($"before{i}");
            Assert.Equal(5, acknowledged.Count);

            var filler = Path.Combine(disk, "filler");
            Fill(filler);
            var attempt = 0;
            await Eventually.True(async () =>
            {
                // Writes grow the journal's WAL file until one meets the full disk.
                if (await CreateAsync(http, $"during{++attempt}")) acknowledged.Add($"during{attempt}");
                var ready = await http.GetAsync("/health/ready");
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable && (await ready.Content.ReadAsStringAsync()).Contains("full");
            }, TimeSpan.FromSeconds(60), "the node to report its journal failing on the full disk");
            output.WriteLine($"unready after {attempt} writes on the full disk");

            File.Delete(filler);
            await Eventually.True(async () => (await http.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
                TimeSpan.FromSeconds(45), "the node to recover once space is freed");
            await Eventually.True(() => CreateAsync(http, "after"), TimeSpan.FromSeconds(30), "a write after recovery");
            acknowledged.Add("after");

            var printers = await http.GetFromJsonAsync<JsonElement>("/api/v1/printers");
            var held = printers.EnumerateArray().Select(p => p.GetProperty("id").GetString()).ToHashSet();
            var missing = acknowledged.Where(id => !held.Contains(id)).ToList();
            Assert.True(missing.Count == 0, $"acknowledged but missing: {string.Join(", ", missing)}");
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync();
                await Raft3DApp.DisposeQuietlyAsync(app);
            }
            await RunAsync("umount", "-l", disk);
        }
    }

    private static async Task<bool> CreateAsync(HttpClient http, string id)
    {
        try
        {
            var answer = await http.PostAsJsonAsync("/api/v1/printers", new { id, company = "Prusa", model = "MK4" });
            return answer.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Writes until the file system refuses another byte.</summary>
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var chunk = new byte[4096];
        try
        {
            while (true) file.Write(chunk);
        }
        catch (IOException)
        {
            // ENOSPC: the disk is full.
        }
    }

    private static async Task<(bool Ok, string Output)> RunAsync(string program, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in args) info.ArgumentList.Add(arg);
            using var process = Process.Start(info)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode == 0, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
