using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using Raft3D.Server.Tests.Harness;
using Raft3D.Server.Tests.Security;
using Xunit.Abstractions;

namespace Raft3D.Server.Tests.Dashboard;

/// <summary>
/// The dashboard at / (SPEC §8) in a real headless browser, loaded from a follower of a real
/// 3-node cluster: live updates from writes on other nodes, a refusal's detail, a spool's bar
/// after a job is done, and the no-quorum banner once two nodes are gone; and on a node with
/// API keys: the key form, live updates with a read key, a 403 for a write with it. With
/// RAFT3D_SCREENSHOTS=DIR (relative: to the repository) it saves the screenshots the README shows.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    // Generous for a loaded machine; the measured delay is printed.
    private const float Patience = 20_000;

    private static LocatorAssertionsToHaveTextOptions Within => new() { Timeout = Patience };

    [Fact]
    public async Task The_dashboard_on_a_follower_follows_the_cluster_live()
    {
        await using var cluster = await TestCluster.StartAsync();
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Nodes.First(n => n != leader);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        // A Content-Security-Policy refusal (an inline style, a foreign script) shows only here.
        page.Console += (_, message) =>
        {
            // (Chromium also logs every non-2xx answer, such as the expected 409, as an error.)
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(message.Text);
        };

        await page.GotoAsync($"http://{follower.HttpAddress}/");
        await Assertions.Expect(page.Locator("#node-line")).ToContainTextAsync("Follower", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#stream-state")).ToHaveTextAsync("Live updates: connected.", Within);
        await Assertions.Expect(page.Locator("#members tbody tr")).ToHaveCountAsync(3, new() { Timeout = Patience });

        // A printer created through the API on another node appears without a reload.
        var clock = Stopwatch.StartNew();
        await CreateAsync(cluster, leader, "/api/v1/printers", """{"id":"mk4","company":"Prusa","model":"MK4"}""");
        await Assertions.Expect(page.Locator("[data-printer=mk4]")).ToBeVisibleAsync(new() { Timeout = Patience });
        output.WriteLine($"the printer appeared {clock.ElapsedMilliseconds} ms after the POST to the leader was sent");

        // A spool added through the form; then a job heavier than it is refused with the 409's detail.
        var spoolForm = page.Locator("#add-spool");
        await spoolForm.GetByLabel("Id (optional)").FillAsync("red");
        await spoolForm.GetByLabel("Type").SelectOptionAsync("PETG");
        await spoolForm.GetByLabel("Color").FillAsync("signal red");
        await spoolForm.GetByLabel("Total weight (g)").FillAsync("100");
        await spoolForm.GetByRole(AriaRole.Button, new() { Name = "Add spool" }).ClickAsync();
        await Assertions.Expect(spoolForm.Locator("output")).ToHaveTextAsync("Created red.", Within);
        await Assertions.Expect(page.Locator("[data-filament=red] .remaining")).ToHaveTextAsync("100 g", Within);

        var jobForm = page.Locator("#add-job");
        await Assertions.Expect(jobForm.GetByLabel("Spool").Locator("option[value=red]")).ToHaveCountAsync(1, new() { Timeout = Patience });
        await jobForm.GetByLabel("Id (optional)").FillAsync("too-heavy");
        await jobForm.GetByLabel("Printer").SelectOptionAsync("mk4");
        await jobForm.GetByLabel("Spool").SelectOptionAsync("red");
        await jobForm.GetByLabel("File").FillAsync("models/boat.gcode");
        await jobForm.GetByLabel("Weight (g)").FillAsync("500");
        await jobForm.GetByRole(AriaRole.Button, new() { Name = "Add job" }).ClickAsync();
        await Assertions.Expect(jobForm.Locator("output.error")).ToContainTextAsync("has 100 g available", new() { Timeout = Patience });

        // A job that fits; moved to Running and then Done by its buttons: the spool's bar follows.
        await jobForm.GetByLabel("Id (optional)").FillAsync("benchy");
        await jobForm.GetByLabel("Weight (g)").FillAsync("40");
        await jobForm.GetByRole(AriaRole.Button, new() { Name = "Add job" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-status=Queued] [data-job=benchy]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-filament=red] .reserved-g")).ToHaveTextAsync("40 g", Within);
        await page.GetByRole(AriaRole.Button, new() { Name = "Move benchy to running" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-printer=mk4]")).ToContainTextAsync("Running: benchy", new() { Timeout = Patience });
        await Screenshot(page, "dashboard-desktop.png");
        await page.GetByRole(AriaRole.Button, new() { Name = "Move benchy to done" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-status=Done] [data-job=benchy]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-filament=red] .remaining")).ToHaveTextAsync("60 g", Within);
        await Assertions.Expect(page.Locator("[data-filament=red] .reserved-g")).ToHaveTextAsync("0 g", Within);
        await Assertions.Expect(page.Locator("[data-filament=red] .bar")).ToHaveAttributeAsync("aria-label",
            "60 g remaining of 100 g; 0 g reserved; 60 g available", new() { Timeout = Patience });
        Assert.Equal(60.0, await page.Locator("[data-filament=red] .bar .available").EvaluateAsync<double>("e => parseFloat(e.style.width)"), 3);
        Assert.True(await page.Locator("[data-filament=red] .bar .available").EvaluateAsync<double>("e => e.getBoundingClientRect().width") > 0,
            "the available part of the bar is not drawn");

        await page.SetViewportSizeAsync(390, 844);
        await Screenshot(page, "dashboard-phone.png");
        await page.SetViewportSizeAsync(1280, 900);

        // Two of three nodes gone: the follower says plainly that it has no quorum.
        await Assertions.Expect(page.Locator("#banner")).ToBeHiddenAsync();
        await Task.WhenAll(cluster.Nodes.Where(n => n != follower).Select(n => n.StopAsync()));
        await Assertions.Expect(page.Locator("#banner")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#banner")).ToContainTextAsync("No quorum", new() { Timeout = Patience });
        await Screenshot(page, "dashboard-no-quorum.png");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_dashboard_on_a_node_with_keys_asks_for_one_and_sends_it()
    {
        await using var secure = await SecureNode.StartAsync(tls: false);
        using var writer = secure.Client(SecureNode.WriteKey);
        await using var browser = await Browser.LaunchAsync();
        var page = await browser.Chromium.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            // (Chromium logs each expected 401 and 403 as "Failed to load resource".)
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal)) errors.Add(message.Text);
        };

        // The shell loads without a key and asks for one, the focus in a password field.
        await page.GotoAsync($"{secure.BaseAddress}");
        var keyField = page.GetByLabel("API key", new() { Exact = true });
        await Assertions.Expect(keyField).ToBeFocusedAsync(new() { Timeout = Patience });
        await Assertions.Expect(keyField).ToHaveAttributeAsync("type", "password");
        await Assertions.Expect(page.Locator("#stream-state")).ToHaveTextAsync("Live updates: waiting for an API key.", Within);
        await Screenshot(page, "dashboard-key-form.png");

        // A key the node does not know is refused and forgotten.
        await keyField.FillAsync("not-a-key-of-this-node-at-all");
        await keyField.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#key-reason")).ToContainTextAsync("does not know that key", new() { Timeout = Patience });
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('raft3d.api-key')"));

        // A read key, typed and sent with Enter: the farm and live updates.
        await keyField.FillAsync(SecureNode.ReadKey);
        await keyField.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#key-panel")).ToBeHiddenAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#node-line")).ToContainTextAsync("Leader", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("#stream-state")).ToHaveTextAsync("Live updates: connected.", Within);
        Assert.Equal(SecureNode.ReadKey, await page.EvaluateAsync<string?>("() => sessionStorage.getItem('raft3d.api-key')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        Assert.DoesNotContain("key", page.Url, StringComparison.OrdinalIgnoreCase);

        var created = await writer.PostAsync("/api/v1/printers",
            new StringContent("""{"id":"mk4","company":"Prusa","model":"MK4"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await Assertions.Expect(page.Locator("[data-printer=mk4]")).ToBeVisibleAsync(new() { Timeout = Patience });

        // A read key may not add a printer: the 403's detail says so.
        var printerForm = page.Locator("#add-printer");
        await printerForm.GetByLabel("Company").FillAsync("Bambu");
        await printerForm.GetByLabel("Model").FillAsync("X1");
        await printerForm.GetByLabel("Id (optional)").FillAsync("x1");
        await printerForm.GetByRole(AriaRole.Button, new() { Name = "Add printer" }).ClickAsync();
        await Assertions.Expect(printerForm.Locator("output.error")).ToContainTextAsync("Your key may not do this", new() { Timeout = Patience });
        await Assertions.Expect(printerForm.Locator("output.error")).ToContainTextAsync("key 'viewer' has role read", new() { Timeout = Patience });

        // Forget the key: it and what it showed are gone, and the form asks again; a write key adds.
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget key" }).ClickAsync();
        await Assertions.Expect(keyField).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-printer=mk4]")).ToHaveCountAsync(0, new() { Timeout = Patience });
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('raft3d.api-key')"));
        await keyField.FillAsync(SecureNode.WriteKey);
        await keyField.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-printer=mk4]")).ToBeVisibleAsync(new() { Timeout = Patience });
        await printerForm.GetByLabel("Company").FillAsync("Bambu");
        await printerForm.GetByLabel("Model").FillAsync("X1");
        await printerForm.GetByLabel("Id (optional)").FillAsync("x1");
        await printerForm.GetByRole(AriaRole.Button, new() { Name = "Add printer" }).ClickAsync();
        await Assertions.Expect(printerForm.Locator("output")).ToHaveTextAsync("Created x1.", Within);
        await Assertions.Expect(page.Locator("[data-printer=x1]")).ToBeVisibleAsync(new() { Timeout = Patience });
        Assert.Empty(errors);
    }

    /// <summary>
    /// POSTs through `via` and, on a 503 (an election on a loaded machine), again with the same
    /// Idempotency-Key through whoever leads then, so it is applied once.
    /// </summary>
    private static async Task CreateAsync(TestCluster cluster, TestNode via, string path, string json)
    {
        var key = Guid.NewGuid().ToString("N");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var answer = await via.PostAsync(path, json, key);
            if (answer.Status != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                answer.Is(HttpStatusCode.Created);
                return;
            }
            via = await cluster.LeaderAsync();
        }
    }

    /// <summary>The folder of Raft3D.sln above the test's binaries: a relative RAFT3D_SCREENSHOTS means the repository's folder.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Raft3D.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Raft3D.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>Saves a full-page screenshot to $RAFT3D_SCREENSHOTS (the README's images are made so), else to the test's folder.</summary>
    private async Task Screenshot(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("RAFT3D_SCREENSHOTS") is { Length: > 0 } dir
            ? Path.IsPathRooted(dir) ? dir : Path.Combine(RepositoryRoot(), dir)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path}");
    }
}
