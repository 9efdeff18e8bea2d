using Microsoft.Playwright;

namespace TradeGraph.Api.Tests.Explorer;

/// <summary>What the explorer tests read from the page: the table view's rows and the counts the page puts on its body.</summary>
internal static class ExplorerPage
{
    public static ILocator Row(IPage page, string key) => page.Locator($"#node-table tr[data-key='{key}']");

    public static async Task<int> NodeCountAsync(IPage page) =>
        int.Parse(await page.Locator("body").GetAttributeAsync("data-nodes") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<string[]> KeysAsync(IPage page) =>
        [.. (await page.Locator("#node-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.key)")).Order(StringComparer.Ordinal)];

    /// <summary>Opens /explore, searches "Bessent" and picks Scott Bessent: his neighbourhood (with the Kuala Lumpur talks) is on the canvas.</summary>
    public static async Task OpenWithBessentAsync(IPage page, Uri baseAddress)
    {
        await page.GotoAsync(new Uri(baseAddress, "/explore/").ToString());
        await Assertions.Expect(page.Locator("body[data-ready=true]")).ToHaveCountAsync(1);
        await page.Locator("#search").FillAsync("Bessent");
        await Assertions.Expect(page.Locator("#suggestions li[data-key=scott-bessent]")).ToBeVisibleAsync();
        await page.Locator("#search").PressAsync("Enter");
        await Assertions.Expect(Row(page, "kuala-lumpur-trade-talks")).ToHaveCountAsync(1);
    }
}
