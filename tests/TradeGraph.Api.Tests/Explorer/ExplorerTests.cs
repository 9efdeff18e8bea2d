using Microsoft.Playwright;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Ide;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Explorer;

/// <summary>
/// The explorer at /explore end to end: a real Chromium (software WebGL) on a real Kestrel port with the seed. The tests
/// read the table view's data-* attributes (the same nodes and relationships as the canvas) and the side panel, not
/// canvas pixels. Set EXPLORER_SCREENSHOT to a path to save a screenshot of the explored seed there (docs/explorer.png).
/// </summary>
public sealed class ExplorerTests
{
    [SkippableFact]
    public async Task FindSeeExplainExpandPathsAndShareTheView()
    {
        await using var application = new TradeGraphApplication();
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

    [SkippableFact]
    public async Task WriteThroughTheApiAppearsOnTheOpenPage()
    {
        await using var application = new TradeGraphApplication();
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

    private static ILocator Row(IPage page, string key) => page.Locator($"#node-table tr[data-key='{key}']");

    private static async Task<int> NodeCountAsync(IPage page) =>
        int.Parse(await page.Locator("body").GetAttributeAsync("data-nodes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string[]> KeysAsync(IPage page) =>
        [.. (await page.Locator("#node-table tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)")).Order(StringComparer.Ordinal)];
}
