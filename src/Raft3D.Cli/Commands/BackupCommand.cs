using System.CommandLine;
using System.Text.Json;
using Raft3D.Cli.Output;

namespace Raft3D.Cli.Commands;

/// <summary>`raft3d cluster backup FILE`: GET /cluster/backup into FILE (SPEC §4).</summary>
public static class BackupCommand
{
    public static Command Build(CommandTree tree)
    {
        var backup = new Command("backup", "Save a backup of the committed state to FILE (restore it with: Raft3D.Server -restore FILE -bootstrap)");
        var file = new Argument<string>("FILE") { Description = "The backup file to write" };
        backup.Arguments.Add(file);
        tree.Handle(backup, context => RunAsync(context, context.Value(file)));
        return backup;
    }

    private static async Task<int> RunAsync(CommandContext context, string file)
    {
        var target = Path.GetFullPath(file);
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
            throw new UsageException($"the folder of {file} does not exist");
        var response = await context.Client.DownloadAsync("/cluster/backup", target);
        if (!response.IsSuccess) return context.Print(response);
        long? index = long.TryParse(response.Headers.GetValueOrDefault("X-Raft-Index"), out var i) ? i : null;
        long? term = long.TryParse(response.Headers.GetValueOrDefault("X-Raft-Term"), out var t) ? t : null;
        var bytes = new FileInfo(target).Length;
        if (context.Json)
            context.Stdout.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["file"] = target, ["index"] = index, ["term"] = term, ["bytes"] = bytes, ["node"] = response.Node,
            }));
        else
            context.Stdout.WriteLine($"backup at index {index?.ToString() ?? "?"} (term {term?.ToString() ?? "?"}, {bytes} bytes) from {response.Node} written to {target}");
        return ExitCodes.Ok;
    }
}
