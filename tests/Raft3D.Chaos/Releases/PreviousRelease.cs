namespace Raft3D.Chaos.Releases;

/// <summary>
/// The previous release, built from this repository's own history: the tag (else its full
/// commit id, fetched from origin when the clone lacks it) exported with `git archive` into a
/// folder under the temp directory named after the commit, then `dotnet build -c Release` of
/// its server. A commit never changes, so the build is made once per machine and reused.
/// </summary>
public static class PreviousRelease
{
    public const string Tag = "v0.1.0";
    public const string Commit = "cffa7bd0b05c061b01857c1d1a65d168f918aabc";

    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The path of the previous release's Raft3D.Server.dll, built if needed.</summary>
    public static async Task<string> ServerDllAsync(Action<string> log)
    {
        var repo = RepositoryRoot.Find();
        var commit = await ResolveAsync(repo, log);
        var root = Path.Combine(Path.GetTempPath(), "raft3d-releases", commit);
        var source = Path.Combine(root, "src");
        var built = Path.Combine(root, "built");
        await Gate.WaitAsync();
        try
        {
            Directory.CreateDirectory(root);
            // Another test process may build the same commit: one at a time, across processes.
            await using var held = await BuildLock.AcquireAsync(Path.Combine(root, "lock"), TimeSpan.FromMinutes(30));
            if (!File.Exists(built))
            {
                var logFile = Path.Combine(root, "build.log");
                log($"previous release: building {Tag} ({commit}) in {source} (log: {logFile})");
                if (Directory.Exists(source)) Directory.Delete(source, recursive: true);
                Directory.CreateDirectory(source);
                var tar = Path.Combine(root, "source.tar");
                await Command.RunAsync(repo, logFile, TimeSpan.FromMinutes(2), "git", ["archive", "--format=tar", "-o", tar, commit]);
                await Command.RunAsync(source, logFile, TimeSpan.FromMinutes(2), "tar", ["-xf", tar]);
                File.Delete(tar);
                await Command.RunAsync(source, logFile, TimeSpan.FromMinutes(25), "dotnet",
                    ["build", "-c", "Release", "src/Raft3D.Server", "--nologo", "-v", "quiet"]);
                await File.WriteAllTextAsync(built, commit);
            }
            else
            {
                log($"previous release: {Tag} ({commit}) already built in {source}");
            }
        }
        finally
        {
            Gate.Release();
        }
        return Directory.EnumerateFiles(Path.Combine(source, "src", "Raft3D.Server", "bin", "Release"), "Raft3D.Server.dll", SearchOption.AllDirectories)
                   .FirstOrDefault(f => File.Exists(Path.ChangeExtension(f, ".runtimeconfig.json")))
               ?? throw new FileNotFoundException($"the build of {Tag} made no Raft3D.Server.dll under {source}/src/Raft3D.Server/bin/Release");
    }

    /// <summary>The tag's commit; else the full commit id if the clone has it; else fetched from origin.</summary>
    private static async Task<string> ResolveAsync(string repo, Action<string> log)
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"raft3d-resolve-{Environment.ProcessId}.log");
        try
        {
            return await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(1), "git", ["rev-parse", "--verify", "--quiet", $"{Tag}^{{commit}}"]);
        }
        catch (InvalidOperationException)
        {
            log($"previous release: no tag {Tag} in {repo}; trying commit {Commit}");
        }
        try
        {
            return await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(1), "git", ["rev-parse", "--verify", "--quiet", $"{Commit}^{{commit}}"]);
        }
        catch (InvalidOperationException)
        {
            log($"previous release: commit {Commit} not in this clone (shallow?); fetching it from origin");
        }
        try
        {
            await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(5), "git", ["fetch", "--depth", "1", "origin", Commit]);
            return await Command.RunAsync(repo, scratch, TimeSpan.FromMinutes(1), "git", ["rev-parse", "--verify", "--quiet", $"{Commit}^{{commit}}"]);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"the previous release {Tag} (commit {Commit}) is not in this clone and could not be fetched from origin: " +
                $"fetch the tag (`git fetch origin tag {Tag}`) or unshallow the clone (`git fetch --unshallow`). {e.Message}", e);
        }
    }
}
