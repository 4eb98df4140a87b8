using System.Net;
using System.Text;
using Raft3D.Server.Hosting;
using Raft3D.Server.Tests.Harness;
using Raft3D.Testing;

namespace Raft3D.Server.Tests.Security;

/// <summary>SPEC §10 on a real node without keys: another site's form cannot write; curl still can.</summary>
public sealed class CrossSiteTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new("raft3d-crosssite");
    private TestNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = new TestNode("node1", FreePorts.Next(), FreePorts.Next(), _folder.Path, null);
        await _node.StartAsync("-bootstrap");
        await Eventually.True(async () => (await _node.StatusAsync()).GetProperty("is_leader").GetBoolean(), TimeSpan.FromSeconds(30), "node1 to lead");
    }

    public async Task DisposeAsync()
    {
        await _node.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await _node.Http.SendAsync(request);
    }

    private static StringContent Printer(string id) => new($$"""{"id":"{{id}}","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_cross_site_form_post_is_refused_and_changes_nothing()
    {
        var form = new FormUrlEncodedContent([new("id", "evil"), new("company", "x"), new("model", "y")]);
        using var refused = await PostAsync("/api/v1/printers", form, ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cross-site", await refused.Content.ReadAsStringAsync());

        using var originOnly = await PostAsync("/api/v1/printers", Printer("evil2"), ("Origin", "http://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, originOnly.StatusCode);
        Assert.Contains("evil.example", await originOnly.Content.ReadAsStringAsync());
        using var fetchOnly = await PostAsync("/cluster/snapshot", new StringContent(""), ("Sec-Fetch-Site", "cross-site"));
        Assert.Equal(HttpStatusCode.Forbidden, fetchOnly.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _node.GetAsync("/api/v1/printers/evil")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await _node.GetAsync("/api/v1/printers/evil2")).Status);
    }

    [Fact]
    public async Task A_request_without_origin_or_from_the_nodes_own_page_works()
    {
        using var curl = await PostAsync("/api/v1/printers", Printer("p-curl"));
        Assert.Equal(HttpStatusCode.Created, curl.StatusCode);
        using var own = await PostAsync("/api/v1/printers", Printer("p-own"), ("Origin", $"http://{_node.HttpAddress}"), ("Sec-Fetch-Site", "same-origin"));
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        // Reads stay open to links from anywhere.
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/v1/printers/p-curl");
        read.Headers.TryAddWithoutValidation("Sec-Fetch-Site", "cross-site");
        Assert.Equal(HttpStatusCode.OK, (await _node.Http.SendAsync(read)).StatusCode);
    }

    [Fact]
    public async Task An_open_node_warns_only_when_other_machines_can_reach_it()
    {
        Assert.DoesNotContain("The API is open", await File.ReadAllTextAsync(_node.LogFile));
        await using var exposed = new TestNode("exposed", FreePorts.Next(), FreePorts.Next(), _folder.Path, null);
        var args = exposed.Args("-bootstrap");
        args[Array.IndexOf(args, "-http") + 1] = $":{exposed.HttpPort}";
        var app = Raft3DApp.Build(args);
        await app.StartAsync();
        try
        {
            await Eventually.True(async () => (await File.ReadAllTextAsync(exposed.LogFile)).Contains("The API is open"),
                TimeSpan.FromSeconds(30), "the warning of a node listening on every interface");
        }
        finally
        {
            await Raft3DApp.DisposeQuietlyAsync(app);
        }
    }
}
