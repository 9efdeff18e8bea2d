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
}
