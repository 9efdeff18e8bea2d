using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace TradeGraph.Api.Tests.Ide;

/// <summary>
/// What the browser tests share: Debian Chromium (skipped with the reason when absent), a context without service
/// workers, a page whose console errors, page errors, failed requests and requests off the app are logged, and a
/// failure report with a screenshot, the log and the page's text.
/// </summary>
internal static class BrowserHarness
{
    public const float StepTimeout = 20_000;

    public static string Chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Skip.IfNot(File.Exists(chromium), $"No Chromium at '{chromium}' (set CHROMIUM_PATH, or install Debian chromium: apt-get install chromium).");
        return chromium;
    }

    /// <summary>Headless Chromium; with <paramref name="webGl"/>, software WebGL (SwiftShader) instead of no GPU at all, for pages that draw with WebGL.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium, bool webGl = false) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = StepTimeout,
            Args =
            [
                "--no-sandbox", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                .. webGl ? (string[])["--enable-unsafe-swiftshader", "--use-angle=swiftshader"] : ["--disable-gpu"],
            ],
        });

    public static async Task<IBrowserContext> NewContextAsync(IBrowser browser, int width = 1400, int height = 1200)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            // Banana Cake Pop's service worker, once installed, claims the page and reloads it (controllerchange). With a
            // fresh profile that happens at an arbitrary moment during the test, so keep it out: it is only an offline cache.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(StepTimeout);
        return context;
    }

    public static async Task<(IPage Page, ConcurrentQueue<string> Log)> NewPageAsync(IBrowserContext context, Uri baseAddress)
    {
        var page = await context.NewPageAsync();
        var log = new ConcurrentQueue<string>(); // filled from Playwright's event thread
        page.Console += (_, message) =>
        {
            // Blocking the service worker makes the IDE log its failed registration: expected, not a clue.
            if (message.Type is "error" or "warning" && !message.Text.Contains("service worker", StringComparison.OrdinalIgnoreCase))
            {
                log.Enqueue($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => log.Enqueue("page error: " + error);
        page.RequestFailed += (_, request) => log.Enqueue($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(baseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                log.Enqueue($"request off the app: {request.Method} {request.Url}");
            }
        };
        return (page, log);
    }

    public static async Task<string> DiagnoseAsync(string what, IPage page, string step, Exception exception, ConcurrentQueue<string> log)
    {
        var screenshot = Path.Combine(Path.GetTempPath(), $"{what.Replace(' ', '-').ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        string text;
        try
        {
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true, Timeout = 5_000 });
            text = await page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            screenshot = File.Exists(screenshot) ? screenshot : "(none)";
            text = "(page unavailable: " + e.Message + ")";
        }

        if (text.Length > 3_000)
        {
            text = text[..3_000] + " …";
        }

        return $"""
            {what} did not complete the step: {step}.
            {exception.GetType().Name}: {exception.Message}
            URL: {page.Url}
            Screenshot: {screenshot}
            Browser log:
            {(log.IsEmpty ? "(nothing)" : string.Join(Environment.NewLine, log))}
            Page text:
            {text}
            """;
    }
}
