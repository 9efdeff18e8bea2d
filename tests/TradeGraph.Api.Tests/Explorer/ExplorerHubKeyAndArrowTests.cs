using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Ide;
using TradeGraph.Api.Tests.Security;
using static TradeGraph.Api.Tests.Explorer.ExplorerPage;

namespace TradeGraph.Api.Tests.Explorer;

/// <summary>
/// The explorer on what the seed alone does not show: a hub bigger than any page (expanded 50 at a time by cursor, the
/// layout moving to a worker past 300 nodes), a server whose reads need a key (the key dialog), and arrow keys on the canvas.
/// </summary>
public sealed class ExplorerHubKeyAndArrowTests
{
    private const int HubMeetings = 320;

    [SkippableTheory]
    [InlineData("Sqlite")]
    [InlineData("Neo4j")]
    public async Task AHubIsExpandedFiftyAtATimeUntilEveryNeighbourIsOnTheCanvas(string store)
    {
        await using var application = await Neo4jTradeGraphApplication.OnStoreAsync(store);
        var baseAddress = application.StartKestrel();
        using var writer = new HttpClient { BaseAddress = baseAddress }.WithKey(TestKeys.Writer);
        var neighbours = await NeighboursAsync(writer) + HubMeetings;
        await GiveBessentMeetingsAsync(writer);
        // The analytics snapshot the neighbourhood reads is rebuilt in the background after writes: wait for it.
        for (var waited = 0; await NeighboursAsync(writer) != neighbours; waited++)
        {
            Assert.True(waited < 300, "The analytics snapshot did not take in the new meetings within 30 s.");
            await Task.Delay(100);
        }

        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1200, height: 800);
        var (page, log) = (browser.Page, browser.Log);

        var step = "open a shared view of Scott Bessent alone and open his panel";
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "/explore/#v=Official:scott-bessent").ToString());
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-nodes", "1");
            await page.Locator("#table-toggle").ClickAsync();
            await Row(page, "scott-bessent").Locator("button").ClickAsync();
            await Assertions.Expect(page.Locator("#panel h2[data-key=scott-bessent]")).ToBeVisibleAsync();

            // Each click adds the next 50 neighbours (the last click the rest), never one twice.
            for (var expected = 1 + Math.Min(50, neighbours); ; expected = 1 + Math.Min(expected - 1 + 50, neighbours))
            {
                step = $"expand all: {expected} nodes on the canvas";
                await page.Locator("#panel [data-action=expand]").ClickAsync();
                await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-nodes", expected.ToString(CultureInfo.InvariantCulture));
                // The panel re-reads the node after an expand (aria-busy meanwhile): click the new panel's button next.
                await Assertions.Expect(page.Locator("#panel:not([aria-busy]) h2[data-key=scott-bessent]")).ToBeVisibleAsync();
                if (expected == 1 + neighbours)
                {
                    break;
                }
            }

            var keys = await KeysAsync(page);
            Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
            Assert.Contains($"hub-talks-{HubMeetings - 1:000}", keys);

            step = "the layout of over 300 nodes (in the worker) settles";
            await Assertions.Expect(page.Locator("body[data-settled=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

            step = "expand once more: every neighbour is drawn already, nothing is added";
            await page.Locator("#panel [data-action=expand]").ClickAsync();
            await Assertions.Expect(page.Locator("#status")).ToContainTextAsync(": 0 added");
            Assert.Equal(1 + neighbours, await NodeCountAsync(page));

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    [SkippableFact]
    public async Task WhereReadsNeedAKeyThePageAsksForOneAgainIfRefusedAndKeepsItForTheTab()
    {
        await using var application = new ClosedReadsTests.ClosedApplication();
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1200, height: 800);
        var page = browser.Page;

        var step = "open /explore: the key dialog asks for a key";
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "/explore/").ToString());
            var dialog = page.Locator("#key-dialog[open]");
            await Assertions.Expect(dialog).ToBeVisibleAsync();

            step = "give a wrong key: the dialog asks again, saying it was refused";
            await page.Locator("#key-input").FillAsync("not-a-key");
            await page.Locator("#key-dialog button[value=ok]").ClickAsync();
            await Assertions.Expect(dialog.Locator("p")).ToContainTextAsync("refused");
            Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('tradegraph.explorer.apiKey')"));

            step = "give the reader's key: the page is ready, search answers, the live feed is on";
            await page.Locator("#key-input").FillAsync(TestKeys.Reader);
            await page.Locator("#key-dialog button[value=ok]").ClickAsync();
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
            await page.Locator("#search").FillAsync("Bessent");
            await Assertions.Expect(page.Locator("#suggestions li[data-key=scott-bessent]")).ToBeVisibleAsync();
            await page.Locator("#search").PressAsync("Enter");
            await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("body[data-live=on]")).ToHaveCountAsync(1);

            step = "the key is in this tab's session storage only; a reload asks no more";
            Assert.Equal(TestKeys.Reader, await page.EvaluateAsync<string?>("sessionStorage.getItem('tradegraph.explorer.apiKey')"));
            Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
            await page.ReloadAsync();
            await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
            await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToHaveCountAsync(1);
            Assert.Equal(0, await page.Locator("#key-dialog[open]").CountAsync());
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    [SkippableFact]
    public async Task ArrowKeysMoveTheSelectionBetweenNodesAndEnterOpensItsPanel()
    {
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: 1200, height: 800);
        var (page, log) = (browser.Page, browser.Log);

        var step = "put Scott Bessent's neighbourhood on the canvas and let it settle";
        try
        {
            await OpenWithBessentAsync(page, baseAddress);
            await Assertions.Expect(page.Locator("body[data-settled=true]")).ToHaveCountAsync(1, new() { Timeout = 60_000 });

            step = "Scott Bessent is selected; focus the canvas and press arrows: the selection moves to a neighbour";
            var before = await page.Locator("body").GetAttributeAsync("data-selected");
            Assert.Equal("scott-bessent", before);
            await page.Locator("#graph").FocusAsync();
            string? after = before;
            foreach (var arrow in new[] { "ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp" })
            {
                await page.Keyboard.PressAsync(arrow);
                after = await page.Locator("body").GetAttributeAsync("data-selected");
                if (after is not null && after != before)
                {
                    break;
                }
            }

            Assert.NotNull(after);
            Assert.NotEqual(before, after);
            Assert.Equal(1, await Row(page, after).CountAsync());

            step = $"press Enter: the panel shows {after}";
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator($"#panel h2[data-key='{after}']")).ToBeVisibleAsync();

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }

    private static async Task<int> NeighboursAsync(HttpClient client) =>
        (await client.QueryAsync("""{ neighbourhood(key: "scott-bessent", first: 500) { nodes { distance } } }"""))["neighbourhood"]!["nodes"]!
            .AsArray().Count(n => n!["distance"]!.GetValue<int>() > 0);

    /// <summary>Writes HubMeetings meetings Scott Bessent takes part in, 16 to a request (32 aliases, the limit).</summary>
    private static async Task GiveBessentMeetingsAsync(HttpClient writer)
    {
        for (var start = 0; start < HubMeetings; start += 16)
        {
            var document = new StringBuilder("mutation {");
            for (var i = start; i < Math.Min(start + 16, HubMeetings); i++)
            {
                var key = $"hub-talks-{i:000}";
                document.Append(CultureInfo.InvariantCulture, $$"""
                     m{{i}}: upsertMeeting(input: { key: "{{key}}", name: "Hub talks {{i}}", editorial: true }) { outcome }
                     p{{i}}: connectParticipatesIn(input: { from: "scott-bessent", to: "{{key}}", editorial: true }) { outcome }
                    """);
            }

            await writer.QueryAsync(document.Append('}').ToString());
        }
    }
}
