namespace Raft3D.Server.Security;

/// <summary>
/// SPEC §10: a browser's cross-site request to a write endpoint is refused, so that a page on
/// another site cannot make a visitor's browser change the farm (a form POST needs no CORS
/// preflight). Browsers send Sec-Fetch-Site and, on every non-GET request, Origin; clients
/// such as curl and the CLI send neither and are not affected. Reads stay open to links.
/// </summary>
public static class CrossSiteRule
{
    /// <summary>
    /// Why the request is refused, or null when it may go on. ownOrigin is this node's origin
    /// as the request addressed it, e.g. "https://127.0.0.1:8081".
    /// </summary>
    public static string? Refusal(string method, string? secFetchSite, string? origin, string ownOrigin)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) return null;
        if (string.Equals(secFetchSite, "cross-site", StringComparison.OrdinalIgnoreCase))
            return "a browser's cross-site request (Sec-Fetch-Site: cross-site) may not change anything on this node";
        if (!string.IsNullOrEmpty(origin) && !string.Equals(origin.TrimEnd('/'), ownOrigin, StringComparison.OrdinalIgnoreCase))
            return $"a request from origin {origin} may not change anything on this node ({ownOrigin}); use the node's own pages, curl or the raft3d CLI";
        return null;
    }
}
