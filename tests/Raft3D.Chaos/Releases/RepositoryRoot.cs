namespace Raft3D.Chaos.Releases;

/// <summary>The repository this test build came from: the folder above the test binary that holds Raft3D.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Raft3D.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no Raft3D.sln above {AppContext.BaseDirectory}: run the test from a clone of the repository");
    }
}
