using Raft3D.Server.Security;

namespace Raft3D.Server.Tests.Security;

public sealed class AccessPolicyTests
{
    public static TheoryData<string, string, ApiRole?> Rules => new()
    {
        { "GET", "/health/live", null },
        { "GET", "/health/ready", null },
        { "GET", "/api/v1/printers", ApiRole.Read },
        { "HEAD", "/api/v1/printers/p1", ApiRole.Read },
        { "GET", "/api/v1/events", ApiRole.Read },
        { "GET", "/cluster/status", ApiRole.Read },
        { "GET", "/metrics", ApiRole.Read },
        { "GET", "/", null },
        { "HEAD", "/", null },
        { "GET", "/dashboard/app.js", null },
        { "GET", "/dashboard/style.css", null },
        { "HEAD", "/dashboard/api.js", null },
        { "GET", "/dashboard/nope.js", null },
        { "GET", "/Dashboard/app.js", null },
        { "GET", "/dashboard.js", ApiRole.Read },
        { "GET", "/dashboards/app.js", ApiRole.Read },
        { "GET", "//", ApiRole.Read },
        { "POST", "/", ApiRole.Admin },
        { "POST", "/dashboard/app.js", ApiRole.Admin },
        { "DELETE", "/dashboard/app.js", ApiRole.Admin },
        { "GET", "/docs", ApiRole.Read },
        { "GET", "/openapi/v1.json", ApiRole.Read },
        { "GET", "/healthz", ApiRole.Read },
        { "POST", "/api/v1/printers", ApiRole.Write },
        { "PATCH", "/api/v1/filaments/f1", ApiRole.Write },
        { "DELETE", "/api/v1/printers/p1", ApiRole.Write },
        { "POST", "/api/v1/print_jobs/j1/status", ApiRole.Write },
        { "POST", "/API/v1/printers", ApiRole.Write },
        { "POST", "/apis", ApiRole.Admin },
        { "POST", "/join", ApiRole.Admin },
        { "GET", "/cluster/settings", ApiRole.Read },
        { "PATCH", "/cluster/settings", ApiRole.Admin },
        { "DELETE", "/cluster/servers", ApiRole.Admin },
        { "POST", "/cluster/leadership", ApiRole.Admin },
        { "POST", "/cluster/snapshot", ApiRole.Admin },
        { "GET", "/cluster/backup", ApiRole.Admin },
        { "POST", "/health/live", null },
        { "POST", "/something-new", ApiRole.Admin },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Each_request_needs_its_role(string method, string path, ApiRole? expected) =>
        Assert.Equal(expected, AccessPolicy.RequiredRole(method, path));

    [Fact]
    public void Roles_are_ordered_admin_over_write_over_read()
    {
        Assert.True(ApiRole.Admin > ApiRole.Write);
        Assert.True(ApiRole.Write > ApiRole.Read);
    }
}
