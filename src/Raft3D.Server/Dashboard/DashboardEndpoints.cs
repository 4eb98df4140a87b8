using System.Collections.Frozen;
using System.Reflection;

namespace Raft3D.Server.Dashboard;

/// <summary>
/// SPEC §8: the web dashboard at / (index.html) and its assets under /dashboard/. The files are
/// embedded in this assembly (Dashboard/wwwroot), so a node serves them from any working
/// directory and from a published folder, and nothing comes from elsewhere (no CDN).
/// </summary>
public static class DashboardEndpoints
{
    private const string ResourcePrefix = "dashboard/";

    // Scripts and styles only from this node; the page talks to this node only.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary();

    private static readonly Lazy<FrozenDictionary<string, byte[]>> Files = new(Load);

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html")).ExcludeFromDescription();
        app.MapGet("/dashboard/{file}", (HttpContext context, string file) => Serve(context, file)).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (!Files.Value.TryGetValue(file, out var bytes)) return Results.NotFound();
        var headers = context.Response.Headers;
        // Small files, changed with each release: always revalidate rather than serve a stale script.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Bytes(bytes, ContentTypes[Path.GetExtension(file)]);
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[ResourcePrefix.Length..]] = copy.ToArray();
        }
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
