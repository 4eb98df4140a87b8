using System.Globalization;
using Raft3D.Server.Backup;
using Raft3D.Server.Hosting;

namespace Raft3D.Server.Api;

/// <summary>SPEC §4: GET /cluster/backup streams a consistent backup of the committed state.</summary>
public static class BackupEndpoints
{
    public const string IndexHeader = "X-Raft-Index";
    public const string TermHeader = "X-Raft-Term";
    public const string ContentType = "application/vnd.raft3d.backup";

    public static void MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cluster/backup", Backup).WithName("Backup").WithTags("Cluster")
            .Produces(200, contentType: ContentType).ProducesProblem(503, Problems.ContentType)
            .WithSummary("A backup of the committed state at a linearizable index (X-Raft-Index); restore it with -restore FILE -bootstrap");
    }

    private static async Task<IResult> Backup(HttpContext context, BackupSource source, NodeOptions node)
    {
        var (header, payload, reason) = await source.TakeAsync(context.RequestAborted);
        if (header is null || payload is null)
        {
            return RaftResults.NoLeader(context, reason ?? "no leader confirmed the backup's index", node.Api.RetryAfterSeconds);
        }
        var response = context.Response;
        response.ContentType = ContentType;
        response.ContentLength = BackupFormat.FileLength(header);
        response.Headers[IndexHeader] = header.Index.ToString(CultureInfo.InvariantCulture);
        response.Headers[TermHeader] = header.Term.ToString(CultureInfo.InvariantCulture);
        response.Headers.ContentDisposition = $"attachment; filename=\"raft3d-{header.Index}{BackupFormat.FileExtension}\"";
        await BackupFormat.WriteAsync(response.Body, header, payload, context.RequestAborted);
        return TypedResults.Empty;
    }
}
