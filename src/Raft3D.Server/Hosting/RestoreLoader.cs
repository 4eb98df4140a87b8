using Raft3D.Consensus.Node;
using Raft3D.Server.Backup;
using Raft3D.Server.StateMachine;

namespace Raft3D.Server.Hosting;

/// <summary>
/// -restore FILE -bootstrap: checks, before anything is written, that the data directory is
/// empty and that the file is a whole backup this release can restore; each refusal is one line.
/// </summary>
public static class RestoreLoader
{
    public static NodeOptions Apply(NodeOptions node)
    {
        if (node.RestoreFile is not { } file) return node;
        // The lock file is this process's own, taken before this check: it holds no data.
        if (Directory.Exists(node.DataDirectory) && Directory.EnumerateFileSystemEntries(node.DataDirectory)
                .Any(entry => Path.GetFileName(entry) != DataDirectoryLock.FileName))
            throw new StartupException($"-restore: {node.DataDirectory} is not empty; a backup starts a new cluster on an empty data directory (add -clean to wipe this node's data first)");
        BackupHeader header;
        byte[] payload;
        try
        {
            (header, payload) = BackupFormat.ReadFile(file);
            // The state must be one this release reads: refuse now, not once the node is up.
            new FarmStateMachine().Restore(payload);
        }
        catch (InvalidBackupException e)
        {
            throw new StartupException($"-restore: {e.Message}");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new StartupException($"-restore: {file}: the state inside cannot be read by this release ({e.Message})");
        }
        var point = new RestorePoint(header.Index, header.Term, payload);
        var settings = node.RaftSettings;
        return node with { RaftSettings = machine => settings(machine) with { Restore = point } };
    }
}
