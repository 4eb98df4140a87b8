using System.Security.Cryptography;
using System.Text;

namespace Raft3D.Chaos.Releases;

/// <summary>
/// This tree's linux-x64 release archive, made by scripts/release.sh (a self-contained
/// publish: the slow part) into a folder under the temp directory named after the commit and,
/// for a tree with uncommitted changes, a hash of them: later runs on the same tree reuse it.
/// </summary>
public static class ReleaseArchive
{
    public const string Rid = "linux-x64";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Builds the archive if needed and unpacks it into destination; returns the unpacked release folder.</summary>
    public static async Task<string> UnpackAsync(string destination, Action<string> log)
    {
        var archive = await BuildAsync(log);
        Directory.CreateDirectory(destination);
        var logFile = Path.Combine(destination, "unpack.log");
        await Command.RunAsync(destination, logFile, TimeSpan.FromMinutes(2), "tar", ["-xzf", archive, "-C", destination]);
        var folder = Path.Combine(destination, Path.GetFileName(archive)[..^".tar.gz".Length]);
        if (!File.Exists(Path.Combine(folder, "Raft3D.Server"))) throw new FileNotFoundException($"{archive} holds no {Path.GetFileName(folder)}/Raft3D.Server");
        return folder;
    }

    /// <summary>The archive's path, raft3d-VERSION-linux-x64.tar.gz, built by scripts/release.sh when not cached.</summary>
    public static async Task<string> BuildAsync(Action<string> log)
    {
        var repo = RepositoryRoot.Find();
        var key = await TreeKeyAsync(repo);
        var root = Path.Combine(Path.GetTempPath(), "raft3d-releases", "archive-" + key);
        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(root);
            await using var held = await BuildLock.AcquireAsync(Path.Combine(root, "lock"), TimeSpan.FromMinutes(30));
            var existing = Directory.EnumerateFiles(root, $"raft3d-*-{Rid}.tar.gz").FirstOrDefault();
            if (existing is not null && File.Exists(Path.Combine(root, "built")))
            {
                log($"release archive: reusing {existing}");
                return existing;
            }
            var logFile = Path.Combine(root, "release.log");
            log($"release archive: scripts/release.sh for {Rid} into {root} (log: {logFile}); a self-contained publish takes minutes");
            var version = await Command.RunAsync(repo, logFile, TimeSpan.FromMinutes(1), "git", ["describe", "--tags", "--always"]);
            await Command.RunAsync(repo, logFile, TimeSpan.FromMinutes(30), "bash", ["scripts/release.sh", version, Rid],
                new Dictionary<string, string> { ["OUT"] = root });
            await File.WriteAllTextAsync(Path.Combine(root, "built"), key);
            return Directory.EnumerateFiles(root, $"raft3d-*-{Rid}.tar.gz").Single();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>HEAD's commit, plus a hash of the uncommitted changes to tracked files when there are any.</summary>
    private static async Task<string> TreeKeyAsync(string repo)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"raft3d-treekey-{Environment.ProcessId}.log");
        var head = await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(1), "git", ["rev-parse", "HEAD"]);
        var diff = await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(1), "git", ["diff", "HEAD", "--", "src", "hocon", "deploy", "scripts", "Directory.Build.props", "Directory.Packages.props"]);
        File.Delete(scratch);
        return diff.Length == 0 ? head : $"{head}-dirty-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(diff)))[..12]}";
    }
}
