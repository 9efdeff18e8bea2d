using Microsoft.Playwright;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Api.Tests.Ide;
using static TradeGraph.Api.Tests.Explorer.ExplorerPage;

namespace TradeGraph.Api.Tests.Explorer;

/// <summary>The explorer is usable on a laptop screen and in a narrow window: nothing runs off the side, every control is in view.</summary>
public sealed class ExplorerLayoutTests
{
    [SkippableTheory]
    [InlineData(1280, 720)]
    [InlineData(390, 844)]
    public async Task TheSearchCanvasAndPanelFitTheWindowWithoutScrollingSideways(int width, int height)
    {
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        await using var browser = await BrowserSession.OpenAsync(baseAddress, webGl: true, width: width, height: height);
        var (page, log) = (browser.Page, browser.Log);

        var step = $"open /explore at {width}×{height} and put Scott Bessent on the canvas";
        try
        {
            await OpenWithBessentAsync(page, baseAddress);
            await Assertions.Expect(page.Locator("#panel:not([aria-busy]) h2[data-key=scott-bessent]")).ToBeVisibleAsync();

            step = "nothing is wider than the window";
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"),
                $"The page scrolls sideways at {width} px: {await page.EvaluateAsync<int>("document.documentElement.scrollWidth")} px wide.");

            step = "the search box, the canvas, the panel and its actions are in view, the canvas big enough to use";
            foreach (var selector in new[] { "#search", "#graph", "#panel h2", "#panel [data-action=expand]", "#table-toggle" })
            {
                var box = await page.Locator(selector).First.BoundingBoxAsync();
                Assert.True(box is not null, $"{selector} is not laid out.");
                Assert.True(box.X >= 0 && box.X + box.Width <= width + 1, $"{selector} runs off the side: x {box.X}, width {box.Width}.");
            }

            var canvas = (await page.Locator("#graph").BoundingBoxAsync())!;
            Assert.True(canvas.Width >= width * 0.5 && canvas.Height >= 200, $"The canvas is {canvas.Width}×{canvas.Height} in a {width}×{height} window.");

            step = "the table view opens and lists the canvas's nodes";
            await page.Locator("#table-toggle").ClickAsync();
            await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToBeVisibleAsync();

            step = "check the browser log";
            Assert.Empty(log);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await browser.DiagnoseAsync("The explorer", step, exception));
        }
    }
}
