using Raft3D.Server.Security;

namespace Raft3D.Server.Tests.Security;

public sealed class CrossSiteRuleTests
{
    private const string Own = "http://127.0.0.1:8081";

    public static TheoryData<string, string?, string?, bool> Cases => new()
    {
        // curl, the CLI: neither header.
        { "POST", null, null, false },
        { "DELETE", null, null, false },
        // The node's own pages.
        { "POST", "same-origin", Own, false },
        { "POST", null, "HTTP://127.0.0.1:8081", false },
        { "POST", "none", null, false },
        // Another site's page.
        { "POST", "cross-site", null, true },
        { "PATCH", "cross-site", Own, true },
        { "POST", null, "http://evil.example", true },
        { "POST", "same-site", "http://127.0.0.1:9999", true },
        { "DELETE", null, "null", true },
        { "POST", null, "https://127.0.0.1:8081", true },
        // Reads stay open to links from anywhere.
        { "GET", "cross-site", "http://evil.example", false },
        { "HEAD", "cross-site", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Browser_writes_from_other_sites_are_refused(string method, string? secFetchSite, string? origin, bool refused) =>
        Assert.Equal(refused, CrossSiteRule.Refusal(method, secFetchSite, origin, Own) is not null);
}
