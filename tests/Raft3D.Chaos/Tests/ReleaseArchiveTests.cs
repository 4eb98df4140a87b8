using System.Net;
using Raft3D.Chaos.Cluster;
using Raft3D.Chaos.Releases;
using Raft3D.Testing;
using Xunit.Abstractions;

namespace Raft3D.Chaos.Tests;

/// <summary>
/// Three nodes from the linux-x64 release archive, as on three hosts: each in its own network
/// namespace with its own address, the self-contained binary run with an environment that has
/// no `dotnet` on PATH, bound to 0.0.0.0 and advertising the namespace address, the second and
/// third joining the first by a DNS name (a hosts file per namespace, which `ip netns exec`
/// puts over /etc/hosts). The cluster forms, every node serves a write and a linearizable
/// read, and after a kill -9 of the leader a new one is elected and writes go on.
/// </summary>
public sealed class ReleaseArchiveTests(ITestOutputHelper output)
{
    private const string Domain = "raft3d.internal";
    private static readonly TimeSpan Formed = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Three_nodes_from_the_archive_in_namespaces_form_serve_and_survive_a_leader_kill()
    {
        var root = Path.Combine(Path.GetTempPath(), $"raft3d-archive-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        var release = await ReleaseArchive.UnpackAsync(Path.Combine(root, "release"), Log);
        using var lab = NetworkLab.TryCreate(3, Log, out var reason)
                        ?? throw new InvalidOperationException($"this test needs network namespaces (root, `ip`, bridges): {reason}");
        using var hosts = NamespaceHosts.Write(lab, Domain);
        using var http = new NodeHttp();
        var nodes = Enumerable.Range(1, 3).Select(i => new ServerProcess($"node{i}", Path.Combine(root, "out", $"node{i}.out"))).ToList();
        try
        {
            Start(release, root, lab, nodes[0], 1, join: null);
            var first = Uri(lab, 1);
            await Eventually.True(async () => (await http.StatusAsync(first))?.IsLeader == true, Formed, "node1 to lead its new cluster");
            Start(release, root, lab, nodes[1], 2, join: $"node1.{Domain}:8080");
            Start(release, root, lab, nodes[2], 3, join: $"node1.{Domain}:8080");
            IReadOnlyList<string>? members = null;
            await Eventually.True(async () =>
            {
                members = await http.MembersAsync(first);
                return members is ["node1:voter", "node2:voter", "node3:voter"];
            }, Formed, () => $"three voters, have {string.Join(", ", members ?? [])}");
            var leader = await AgreedLeaderAsync(http, lab, [1, 2, 3]);
            Log($"formed: leader {leader}");

            // The CLI of the archive, inside a namespace, finding node1 by its name.
            var cli = Shell.Run("ip", [.. lab.ExecPrefix(3).Skip(1), "env", "-i", "PATH=/nonexistent", Path.Combine(release, "raft3d"), "--node", $"node1.{Domain}:8080", "cluster", "status"]);
            Assert.True(cli.Code == 0, $"raft3d cluster status from the archive failed: {cli.Output}");
            Assert.Contains("node1", cli.Output, StringComparison.Ordinal);

            for (var i = 1; i <= 3; i++) await WriteAsync(http, Uri(lab, i), $"p{i}");
            for (var i = 1; i <= 3; i++)
                foreach (var printer in new[] { "p1", "p2", "p3" })
                    await ReadAsync(http, Uri(lab, i), printer);

            var leaderNumber = int.Parse(leader[4..], System.Globalization.CultureInfo.InvariantCulture);
            Log($"kill -9 {leader}");
            await nodes[leaderNumber - 1].KillAsync();
            var survivors = new[] { 1, 2, 3 }.Where(i => i != leaderNumber).ToArray();
            var next = await AgreedLeaderAsync(http, lab, survivors);
            Assert.NotEqual(leader, next);
            Log($"new leader {next}");
            foreach (var i in survivors) await WriteAsync(http, Uri(lab, i), $"after-{i}");
            foreach (var i in survivors)
                foreach (var printer in new[] { "p1", "p2", "p3" }.Concat(survivors.Select(s => $"after-{s}")))
                    await ReadAsync(http, Uri(lab, i), printer);
        }
        catch
        {
            foreach (var node in nodes)
                if (File.Exists(node.OutFile)) Log($"---- {node.Id} console:{Environment.NewLine}{Tail(node.OutFile)}");
            throw;
        }
        finally
        {
            await Task.WhenAll(nodes.Select(n => n.StopAsync(TimeSpan.FromSeconds(15))));
            foreach (var node in nodes) node.Release();
        }
        Directory.Delete(root, recursive: true);
    }

    /// <summary>
    /// The release's binary with nothing of this process's environment: PATH without any
    /// folder that holds a `dotnet`, no DOTNET_ROOT, as on a host without .NET.
    /// </summary>
    private static void Start(string release, string root, NetworkLab lab, ServerProcess node, int i, string? join)
    {
        var address = lab.Address(i);
        List<string> command =
        [
            .. lab.ExecPrefix(i), Path.Combine(release, "Raft3D.Server"), "-id", node.Id,
            "-http", "0.0.0.0:8080", "-raft", "0.0.0.0:7000",
            "-advertise-http", $"{address}:8080", "-advertise-raft", $"{address}:7000",
            "-data", Path.Combine(root, "data"), "-logs", Path.Combine(root, "logs"), "-console-level", "warn",
        ];
        if (join is null) command.Add("-bootstrap");
        else command.AddRange(["-join", join]);
        var path = string.Join(':', new[] { "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin" }
            .Where(d => !File.Exists(Path.Combine(d, "dotnet"))));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        node.Start(command, release, new Dictionary<string, string> { ["PATH"] = path, ["HOME"] = Path.Combine(root, "home") });
    }

    private static Uri Uri(NetworkLab lab, int i) => new($"http://{lab.Address(i)}:8080");

    private static async Task<string> AgreedLeaderAsync(NodeHttp http, NetworkLab lab, int[] nodes)
    {
        var last = "";
        return await Eventually.Get(async () =>
        {
            var statuses = await Task.WhenAll(nodes.Select(i => http.StatusAsync(Uri(lab, i))));
            last = string.Join("; ", statuses.Select((s, k) => s?.ToString() ?? $"node{nodes[k]} not answering"));
            var leaders = statuses.Select(s => s?.LeaderId).Distinct().ToList();
            return leaders is [{ } id] && statuses.Any(s => s!.NodeId == id && s.IsLeader) ? id : null;
        }, Formed, () => $"a leader nodes {string.Join(",", nodes)} agree on: {last}", TimeSpan.FromMilliseconds(200));
    }

    /// <summary>A create through the node, retried with the same Idempotency-Key while the cluster settles (503).</summary>
    private static async Task WriteAsync(NodeHttp http, Uri node, string id)
    {
        NodeHttp.Answer? answer = null;
        await Eventually.True(async () =>
        {
            answer = await http.PostAsync(node, "/api/v1/printers", new { id, company = "Prusa", model = "MK4" }, idempotencyKey: $"create-{id}");
            return answer?.Status == HttpStatusCode.Created;
        }, Formed, () => $"201 for printer {id} through {node}, last {answer?.Status}: {answer?.Text}", TimeSpan.FromMilliseconds(250));
    }

    private static async Task ReadAsync(NodeHttp http, Uri node, string id)
    {
        NodeHttp.Answer? answer = null;
        await Eventually.True(async () =>
        {
            answer = await http.GetAsync(node, $"/api/v1/printers/{id}");
            return answer?.Status == HttpStatusCode.OK;
        }, Formed, () => $"a linearizable read of printer {id} through {node}, last {answer?.Status}: {answer?.Text}", TimeSpan.FromMilliseconds(250));
        Assert.Equal(id, answer!.Body.GetProperty("id").GetString());
    }

    private static string Tail(string file)
    {
        var text = File.ReadAllText(file);
        return text.Length > 4000 ? text[^4000..] : text;
    }

    private void Log(string line) => output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
}
