using System.Net;
using System.Text;

namespace Raft3D.Server.Tests.Security;

/// <summary>
/// Every endpoint under every kind of key, over HTTPS, on a real node with -api-keys and -tls-*.
/// The roles each endpoint needs are written out here, not read from the policy under test.
/// </summary>
public sealed class ApiKeyMatrixTests : IAsyncLifetime
{
    private SecureNode _secure = null!;

    public async Task InitializeAsync() => _secure = await SecureNode.StartAsync(tls: true);

    public async Task DisposeAsync() => await _secure.DisposeAsync();

    /// <summary>Method, path, the role needed (null: open to all).</summary>
    private static readonly (string Method, string Path, string? Role)[] Endpoints =
    [
        ("GET", "/api/v1/printers", "read"),
        ("GET", "/api/v1/printers/nope", "read"),
        ("GET", "/api/v1/filaments", "read"),
        ("GET", "/api/v1/filaments/nope", "read"),
        ("GET", "/api/v1/print_jobs?status=queued", "read"),
        ("GET", "/api/v1/print_jobs/nope", "read"),
        ("GET", "/api/v1/events", "read"),
        ("GET", "/cluster/status", "read"),
        ("GET", "/metrics", "read"),
        ("GET", "/", null),
        ("GET", "/dashboard/app.js", null),
        ("GET", "/docs", "read"),
        ("GET", "/openapi/v1.json", "read"),
        ("POST", "/api/v1/printers", "write"),
        ("POST", "/api/v1/filaments", "write"),
        ("POST", "/api/v1/print_jobs", "write"),
        ("POST", "/api/v1/print_jobs/nope/status?status=running", "write"),
        ("PATCH", "/api/v1/printers/nope", "write"),
        ("PATCH", "/api/v1/filaments/nope", "write"),
        ("DELETE", "/api/v1/printers/nope", "write"),
        ("DELETE", "/api/v1/filaments/nope", "write"),
        ("POST", "/join", "admin"),
        ("DELETE", "/cluster/servers?id=nobody", "admin"),
        ("POST", "/cluster/leadership?to=nobody", "admin"),
        ("POST", "/cluster/snapshot", "admin"),
        ("GET", "/cluster/backup", "admin"),
        ("GET", "/health/live", null),
        ("GET", "/health/ready", null),
    ];

    private static readonly (string Name, string? Key, int Rank)[] Callers =
    [
        ("no key", null, 0),
        ("an unknown key", "not-a-key-of-this-node-at-all", 0),
        ("a read key", SecureNode.ReadKey, 1),
        ("a write key", SecureNode.WriteKey, 2),
        ("an admin key", SecureNode.AdminKey, 3),
    ];

    private static int Rank(string? role) => role switch { null => 0, "read" => 1, "write" => 2, _ => 3 };

    [Fact]
    public async Task Every_endpoint_answers_401_without_a_valid_key_403_with_a_weaker_one_and_serves_the_rest()
    {
        var failures = new List<string>();
        foreach (var (name, key, rank) in Callers)
        {
            using var client = _secure.Client(key);
            foreach (var (method, path, role) in Endpoints)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                // Headers only: /api/v1/events streams for as long as it is read.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                var status = (int)response.StatusCode;
                var expected = role is null ? "served" : key is null || rank == 0 ? "401" : rank < Rank(role) ? "403" : "served";
                var got = status is 401 or 403 ? status.ToString() : "served";
                if (got != expected) failures.Add($"{method} {path} with {name}: expected {expected}, got {status}");
                if (status == 401 && !response.Headers.WwwAuthenticate.ToString().StartsWith("Bearer", StringComparison.Ordinal))
                    failures.Add($"{method} {path} with {name}: 401 without WWW-Authenticate: Bearer");
                if (status is 401 or 403 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    failures.Add($"{method} {path} with {name}: {status} is not application/problem+json");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task A_write_with_a_write_key_is_applied_over_https()
    {
        using var client = _secure.Client(SecureNode.WriteKey);
        using var created = await client.PostAsync("/api/v1/printers",
            new StringContent("""{"id":"p1","company":"Prusa","model":"MK4"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var reader = _secure.Client(SecureNode.ReadKey);
        Assert.Contains("\"MK4\"", await reader.GetStringAsync("/api/v1/printers/p1"));
    }

    [Fact]
    public async Task The_keys_never_reach_the_log()
    {
        using var client = _secure.Client(SecureNode.AdminKey);
        (await client.PostAsync("/cluster/snapshot", null)).Dispose();
        using var bad = _secure.Client("a-wrong-key-that-must-not-be-logged");
        (await bad.GetAsync("/cluster/status")).Dispose();
        var log = await File.ReadAllTextAsync(_secure.Node.LogFile);
        Assert.Contains("node1", log);
        foreach (var secret in new[] { SecureNode.ReadKey, SecureNode.WriteKey, SecureNode.AdminKey, "a-wrong-key-that-must-not-be-logged" })
            Assert.DoesNotContain(secret, log);
    }
}
