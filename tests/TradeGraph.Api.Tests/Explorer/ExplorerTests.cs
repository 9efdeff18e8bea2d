using System.Text;
using System.Xml.Linq;
using Microsoft.Playwright;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Ide;
using TradeGraph.Core.Writing;
using static TradeGraph.Api.Tests.Explorer.ExplorerPage;

namespace TradeGraph.Api.Tests.Explorer;

/// <summary>
/// The explorer at /explore end to end: a real Chromium (software WebGL) on a real Kestrel port with the seed. The tests
/// read the table view's data-* attributes (the same nodes and relationships as the canvas) and the side panel, not
/// canvas pixels. Set EXPLORER_SCREENSHOT to a path to save a screenshot of the explored seed there (docs/explorer.png).
/// The scenarios that touch the store run on the embedded store and, where NEO4J_URI names one, on Neo4j.
/// </summary>
public sealed class ExplorerTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Neo4j")]
    public async Task FindSeeExplainExpandPathsAndShareTheView(string store)
    {
        await using var application = await Neo4jTradeGraphApplication.OnStoreAsync(store);
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1400, height: 900);
        var (page, log) = (browser.Page, browser.Log);

        var step = "open /explore";
        try
        {
            var response = await page.GotoAsync(new Uri(baseAddress, "/explore").ToString());
            Assert.True(response?.Ok, $"GET /explore answered HTTP {response?.Status}");
            Assert.EndsWith("/explore/", page.Url, StringComparison.Ordinal);
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);

            step = "type 'Bessent' and pick Scott Bessent from the suggestions";
            await page.Locator("#search").FillAsync("Bessent");
            await Assertions.Expect(page.Locator("#suggestions li[data-key=scott-bessent]")).ToBeVisibleAsync();
            await page.Locator("#search").PressAsync("Enter");

            step = "see Scott Bessent and the Kuala Lumpur talks on the canvas (table view)";
            await Assertions.Expect(Row(page, "scott-bessent")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#panel h2[data-key=scott-bessent]")).ToHaveTextAsync("Scott Bessent");
            await Assertions.Expect(page.Locator("#citations li").First).ToBeVisibleAsync();

            step = "select the PARTICIPATES_IN relationship Bessent → Kuala Lumpur talks and read its ¶ citation";
            await page.Locator("#table-toggle").ClickAsync();
            var edge = page.Locator("#edge-table tr[data-type=PARTICIPATES_IN][data-from=scott-bessent][data-to=kuala-lumpur-trade-talks] button");
            await edge.ClickAsync();
            await Assertions.Expect(page.Locator("#panel h2[data-type=PARTICIPATES_IN]")).ToBeVisibleAsync();
            var citation = page.Locator("#citations li[data-locator^='¶']").First;
            await Assertions.Expect(citation).ToBeVisibleAsync();
            Assert.Matches("¶\\d+", await citation.InnerTextAsync());

            step = "expand the Kuala Lumpur talks: nodes are added";
            var before = await NodeCountAsync(page);
            await Row(page, "kuala-lumpur-trade-talks").Locator("button").ClickAsync();
            await page.Locator("#table-toggle").ClickAsync(); // back to the canvas
            await page.Locator("#panel [data-action=expand]").ClickAsync();
            await Assertions.Expect(page.Locator("body")).Not.ToHaveAttributeAsync("data-nodes", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(await NodeCountAsync(page) > before, "Expanding added no node.");

            step = "find the paths Rubio → Xi: highlighted on the canvas and listed";
            await page.Locator("#paths-tool summary").ClickAsync();
            await page.Locator("#path-from").FillAsync("marco-rubio");
            await page.Locator("#path-to").FillAsync("xi-jinping");
            await page.Locator("#path-k").FillAsync("3");
            await page.Locator("#paths-form button[type=submit]").ClickAsync();
            await Assertions.Expect(page.Locator("#path-list li").First).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("#path-list li").First).ToContainTextAsync("Marco Rubio");
            await Assertions.Expect(page.Locator("#path-list li").First).ToContainTextAsync("Xi Jinping");
            await Assertions.Expect(page.Locator("#node-table tr[data-key=marco-rubio][data-path='0']")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#node-table tr[data-key=xi-jinping][data-path='0']")).ToHaveCountAsync(1);
            Assert.True(await page.Locator("#edge-table tr[data-path='0']").CountAsync() >= 1, "No relationship of the path is marked.");

            if (Environment.GetEnvironmentVariable("EXPLORER_SCREENSHOT") is { Length: > 0 } screenshot)
            {
                await page.Locator("#paths-tool summary").ClickAsync();
                await Assertions.Expect(page.Locator("body[data-settled=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
                await page.WaitForTimeoutAsync(1_000); // the camera's last move
                await page.ScreenshotAsync(new() { Path = screenshot });
            }

            step = "size by PageRank, colour by community, and filter from 2025-10-27: the Kuala Lumpur talks are hidden";
            await page.Locator("#paths-tool").EvaluateAsync("d => d.open = false");
            await page.Locator("#view-tool summary").ClickAsync();
            await page.Locator("#size-by").SelectOptionAsync("pageRank");
            await page.Locator("#by-community").CheckAsync();
            await page.Locator("#view-tool summary").ClickAsync();
            await page.Locator("#time-tool summary").ClickAsync();
            await page.Locator("#time-from").FillAsync("2025-10-27");
            await Assertions.Expect(page.Locator("#node-table tr[data-key=kuala-lumpur-trade-talks][data-hidden]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#node-table tr[data-key=scott-bessent][data-hidden]")).ToHaveCountAsync(0);
            await page.Locator("#time-clear").ClickAsync();
            await page.Locator("#time-tool summary").ClickAsync();
            await Assertions.Expect(page.Locator("#node-table tr[data-hidden]")).ToHaveCountAsync(0);

            step = "open the shared URL in a new page: the same entities, path and filters";
            var keys = await KeysAsync(page);
            var (shared, sharedLog) = await browser.NewPageAsync();
            await shared.GotoAsync(page.Url);
            // Restoring is a few requests (the entities, the relationships between them, the paths): slow on a busy machine.
            await Assertions.Expect(shared.Locator("body[data-ready=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });
            await Assertions.Expect(shared.Locator("#node-table tr[data-key=xi-jinping][data-path='0']")).ToHaveCountAsync(1);
            Assert.Equal(keys, await KeysAsync(shared));
            Assert.Empty(sharedLog);

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Neo4j")]
    public async Task WriteThroughTheApiAppearsOnTheOpenPage(string store)
    {
        await using var application = await Neo4jTradeGraphApplication.OnStoreAsync(store);
        var baseAddress = application.StartKestrel();
        var feed = application.Services.GetRequiredService<GraphChangeFeed>();
        using var writer = new HttpClient { BaseAddress = baseAddress }.WithKey(TestKeys.Writer);
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1000, height: 700);
        var (page, log) = (browser.Page, browser.Log);

        var step = "open a shared view of Scott Bessent and wait for the live subscription";
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "/explore/#v=Official:scott-bessent").ToString());
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, "scott-bessent")).ToHaveCountAsync(1);
            await BrowserSession.WaitForSubscriberAsync(feed);

            step = "write a meeting Bessent takes part in, through the API";
            await writer.QueryAsync("""
                mutation {
                  upsertMeeting(input: { key: "explorer-live-talks", name: "Explorer live talks", editorial: true }) { outcome }
                  connectParticipatesIn(input: { from: "scott-bessent", to: "explorer-live-talks", editorial: true }) { outcome }
                }
                """);

            step = "see the new meeting and its relationship on the page, marked as new, without a reload";
            await Assertions.Expect(page.Locator("#node-table tr[data-key=explorer-live-talks][data-new]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#edge-table tr[data-from=scott-bessent][data-to=explorer-live-talks][data-new]")).ToHaveCountAsync(1);
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or OperationCanceledException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    [SkippableFact]
    public async Task KeyboardFindsAndExpandsAndCtrlZUndoes()
    {
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1400, height: 900);
        var (page, log) = (browser.Page, browser.Log);

        var step = "open /explore and press / : the search box has the focus";
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "/explore/").ToString());
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("/");
            await Assertions.Expect(page.Locator("#search")).ToBeFocusedAsync();

            step = "type 'Bessent', move through the suggestions with the arrows and choose Scott Bessent with Enter";
            await page.Keyboard.TypeAsync("Bessent");
            var suggestions = page.Locator("#suggestions li");
            await Assertions.Expect(page.Locator("#suggestions li[data-key=scott-bessent]")).ToBeVisibleAsync();
            var count = await suggestions.CountAsync();
            var target = await suggestions.EvaluateAllAsync<int>("items => items.findIndex(li => li.dataset.key === 'scott-bessent')");
            await page.Keyboard.PressAsync("ArrowDown"); // away from the first and back again: the arrows move the choice
            await Assertions.Expect(suggestions.Nth(count > 1 ? 1 : 0)).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("ArrowUp");
            for (var i = 0; i < target; i++)
            {
                await page.Keyboard.PressAsync("ArrowDown");
            }

            await Assertions.Expect(suggestions.Nth(target)).ToHaveAttributeAsync("aria-selected", "true");
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(Row(page, "scott-bessent")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToHaveCountAsync(1);

            step = "select the Kuala Lumpur talks, focus the canvas and press E: nodes are added";
            await page.Locator("#table-toggle").ClickAsync();
            await Row(page, "kuala-lumpur-trade-talks").Locator("button").ClickAsync();
            await page.Locator("#table-toggle").ClickAsync();
            await Assertions.Expect(page.Locator("#panel h2[data-key=kuala-lumpur-trade-talks]")).ToBeVisibleAsync();
            var before = await KeysAsync(page);
            await page.Locator("#graph").FocusAsync();
            await page.Keyboard.PressAsync("e");
            await Assertions.Expect(page.Locator("body")).Not.ToHaveAttributeAsync("data-nodes", before.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var expanded = await KeysAsync(page);
            Assert.True(expanded.Length > before.Length, "E added no node.");
            Assert.Subset(expanded.ToHashSet(), before.ToHashSet());

            step = "press Ctrl+Z: the node set before the expansion is back";
            await page.Locator("#graph").FocusAsync();
            await page.Keyboard.PressAsync("Control+z");
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-nodes", before.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(before, await KeysAsync(page));

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    [SkippableFact]
    public async Task ExportsPngSvgAndGraphMlOfTheView()
    {
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1400, height: 900);
        var (page, log) = (browser.Page, browser.Log);

        var step = "put Scott Bessent and his neighbourhood on the canvas";
        try
        {
            await OpenWithBessentAsync(page, baseAddress);
            var keys = await KeysAsync(page);
            await page.Locator("#export-tool summary").ClickAsync();

            step = "export GraphML: an XML document whose nodes are the canvas's node keys";
            var graphMl = XDocument.Parse(Encoding.UTF8.GetString(await DownloadAsync(page, "#export-graphml", "tradegraph-view.graphml")));
            XNamespace ns = "http://graphml.graphdrawing.org/xmlns";
            Assert.Equal(ns + "graphml", graphMl.Root!.Name);
            Assert.Equal(keys, graphMl.Descendants(ns + "node").Select(n => (string)n.Attribute("id")!).Order(StringComparer.Ordinal).ToArray());
            Assert.NotEmpty(graphMl.Descendants(ns + "edge"));

            step = "export SVG: an <svg> document";
            var svg = XDocument.Parse(Encoding.UTF8.GetString(await DownloadAsync(page, "#export-svg", "tradegraph-view.svg")));
            Assert.Equal(XName.Get("svg", "http://www.w3.org/2000/svg"), svg.Root!.Name);

            step = "export PNG: a file that starts with the PNG signature";
            var png = await DownloadAsync(page, "#export-png", "tradegraph-view.png");
            Assert.Equal(PngSignature, png.Take(8).ToArray());

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or System.Xml.XmlException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    /// <summary>Clicks an export button and returns the bytes of the download it starts (Playwright's download event).</summary>
    private static async Task<byte[]> DownloadAsync(IPage page, string button, string fileName)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator(button).ClickAsync());
        Assert.Equal(fileName, download.SuggestedFilename);
        await using var stream = await download.CreateReadStreamAsync();
        using var bytes = new MemoryStream();
        await stream.CopyToAsync(bytes);
        return bytes.ToArray();
    }
}
