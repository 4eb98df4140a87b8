namespace Raft3D.Server.Security;

/// <summary>
/// Which role a request needs when the node has API keys (SPEC §10). /health/* is open, so
/// that supervisors and load balancers need no key; so is the dashboard's static shell (GET or
/// HEAD of / and /dashboard/*: html, css and js that hold no data), so that a browser can load
/// the page that then asks for a key and sends it with every data request; other reads need read; changes to the
/// farm need write; changes to the cluster, /join and backups need admin. A change to a path
/// this table does not know needs admin: a new endpoint is closed until it is placed here.
/// </summary>
public static class AccessPolicy
{
    /// <summary>The role a request needs, or null when it is open to anyone.</summary>
    public static ApiRole? RequiredRole(string method, string path)
    {
        if (Under(path, "/health")) return null;
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        if (read && (path == "/" || Under(path, "/dashboard"))) return null;
        if (Under(path, "/cluster/backup")) return ApiRole.Admin;
        if (read) return ApiRole.Read;
        return Under(path, "/api") ? ApiRole.Write : ApiRole.Admin;
    }

    /// <summary>The path is the prefix or below it ("/api" covers "/api/v1/printers", not "/apis").</summary>
    private static bool Under(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/');
}
