using System.Collections.Concurrent;
using Microsoft.Playwright;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Ide;

/// <summary>
/// A headless Debian Chromium on a page of the app, for the browser tests: skipped with the reason when Chromium is
/// absent; a context without service workers; every console error or warning, page error, failed request and request off
/// the app in <see cref="Log"/>; and a failure report with a screenshot, the log and the page's text.
/// </summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    public const float StepTimeout = 20_000;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IBrowserContext context, Uri baseAddress)
    {
        _playwright = playwright;
        _browser = browser;
        Context = context;
        BaseAddress = baseAddress;
    }

    public IBrowserContext Context { get; }

    public Uri BaseAddress { get; }

    public IPage Page { get; private set; } = null!;

    public ConcurrentQueue<string> Log { get; private set; } = null!;

    /// <summary>Opens a page on the app at <paramref name="baseAddress"/>; with <paramref name="webGl"/>, software WebGL (SwiftShader) instead of no GPU at all.</summary>
    public static async Task<BrowserSession> OpenAsync(Uri baseAddress, bool webGl = false, int width = 1400, int height = 1200)
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Skip.IfNot(File.Exists(chromium), $"No Chromium at '{chromium}' (set CHROMIUM_PATH, or install Debian chromium: apt-get install chromium).");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
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
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            // Banana Cake Pop's service worker, once installed, claims the page and reloads it (controllerchange). With a
            // fresh profile that happens at an arbitrary moment during the test, so keep it out: it is only an offline cache.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(StepTimeout);
        // Expectations wait as long as actions do: on a loaded 2-core runner a page can take longer than Playwright's 5 s.
        Assertions.SetDefaultExpectTimeout(StepTimeout);
        var session = new BrowserSession(playwright, browser, context, baseAddress);
        (session.Page, session.Log) = await session.NewPageAsync();
        return session;
    }

    /// <summary>Another page in the same context, with its own log.</summary>
    public async Task<(IPage Page, ConcurrentQueue<string> Log)> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
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
            if (!request.Url.StartsWith(BaseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("blob:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                log.Enqueue($"request off the app: {request.Method} {request.Url}");
            }
        };
        return (page, log);
    }

    /// <summary>Waits until a page's subscription is held by the server, so a change published now reaches it.</summary>
    public static async Task WaitForSubscriberAsync(GraphChangeFeed feed)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(StepTimeout));
        while (feed.SubscriberCount == 0)
        {
            await Task.Delay(50, wait.Token);
        }
    }

    /// <summary>What to tell when <paramref name="what"/> failed at <paramref name="step"/>: the error, the URL, a screenshot, the log, the page's text.</summary>
    public async Task<string> DiagnoseAsync(string what, string step, Exception exception)
    {
        var screenshot = Path.Combine(Path.GetTempPath(), $"{what.Replace(' ', '-').ToLowerInvariant()}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        string text;
        try
        {
            await Page.ScreenshotAsync(new() { Path = screenshot, FullPage = true, Timeout = 5_000 });
            text = await Page.Locator("body").InnerTextAsync(new() { Timeout = 5_000 });
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
            URL: {Page.Url}
            Screenshot: {screenshot}
            Browser log:
            {(Log.IsEmpty ? "(nothing)" : string.Join(Environment.NewLine, Log))}
            Page text:
            {text}
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
