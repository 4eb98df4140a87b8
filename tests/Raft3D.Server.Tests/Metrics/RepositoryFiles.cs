namespace Raft3D.Server.Tests.Metrics;

/// <summary>Files of the repository (deploy/...), found from the test binaries upwards.</summary>
public static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Raft3D.sln"))) return System.IO.Path.Combine([dir.FullName, .. parts]);
        }
        throw new FileNotFoundException($"no Raft3D.sln above {AppContext.BaseDirectory}");
    }
}
