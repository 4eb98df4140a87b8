using Raft3D.Server.Api;

namespace Raft3D.Server.Security;

/// <summary>
/// Refuses cross-site browser writes (403), then, when the node has API keys, requests without
/// a valid "Authorization: Bearer KEY" (401, WWW-Authenticate: Bearer) or with a key whose
/// role is too weak (403). Neither the key nor the request body is ever logged.
/// </summary>
public sealed class SecurityMiddleware(RequestDelegate next, NodeSecurity security)
{
    /// <summary>Not async: a request that passes (nearly all) costs no state machine of its own.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        var keys = security.Keys;
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        // The node's own origin matters only to a request that names one.
        var ownOrigin = origin.Length == 0 ? "" : $"{request.Scheme}://{request.Host.Value}";
        if (CrossSiteRule.Refusal(request.Method, request.Headers["Sec-Fetch-Site"], origin, ownOrigin) is { } refusal)
            return Problems.WriteAsync(context, 403, "Cross-site request refused", refusal);
        if (keys is not null && AccessPolicy.RequiredRole(request.Method, request.Path.Value ?? "/") is { } needed)
        {
            var presented = BearerToken(request.Headers.Authorization);
            var key = presented is null ? null : keys.Find(presented);
            if (key is null)
            {
                context.Response.Headers.WWWAuthenticate = presented is null ? "Bearer realm=\"raft3d\"" : "Bearer realm=\"raft3d\", error=\"invalid_token\"";
                return Problems.WriteAsync(context, 401, "Unauthorized", presented is null
                    ? $"this node needs an API key: send Authorization: Bearer KEY with a key of role {Name(needed)} or above"
                    : "the API key is not one of this node's keys");
            }
            if (key.Role < needed)
            {
                return Problems.WriteAsync(context, 403, "Forbidden",
                    $"{request.Method} {request.Path} needs a key of role {Name(needed)} or above; key '{key.Name}' has role {Name(key.Role)}");
            }
        }
        return next(context);
    }

    private static string Name(ApiRole role) => role.ToString().ToLowerInvariant();

    /// <summary>The token of "Bearer TOKEN" (scheme case-insensitive), or null.</summary>
    private static string? BearerToken(string? header)
    {
        if (header is null) return null;
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        var token = header[scheme.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
