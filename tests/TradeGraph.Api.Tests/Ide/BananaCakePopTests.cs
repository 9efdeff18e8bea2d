using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using TradeGraph.Api.Tests.Hosting;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Tests.Ide;

/// <summary>
/// Banana Cake Pop end to end: a real Chromium opens /graphql on a real Kestrel port, types an operation into the
/// IDE's editor, runs it, and reads the answer in the response pane. Everything is served by the app itself (no internet).
/// </summary>
public sealed class BananaCakePopTests
{
    private const string Query = "{ officials(first: 50) { nodes { name } } }";
    private const float StepTimeout = 20_000;

    [SkippableFact]
    public async Task QueryTypedIntoTheIdeShowsItsResponse()
    {
        var chromium = Chromium();
        var stopwatch = Stopwatch.StartNew();
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        await using var context = await NewContextAsync(browser);
        var (page, log) = await NewPageAsync(context, baseAddress);

        var step = "open the IDE";
        try
        {
            var response = await page.GotoAsync(new Uri(baseAddress, "/graphql").ToString());
            Assert.NotNull(response);
            Assert.True(response.Ok, $"GET /graphql answered HTTP {response.Status}");
            Assert.EndsWith("/graphql/", page.Url, StringComparison.Ordinal);

            step = "wait for Banana Cake Pop to start (its 'Create Document' button)";
            var createDocument = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Create Document") });
            await createDocument.ClickAsync();

            step = "wait for the IDE to load the schema from the endpoint (status bar 'Schema available')";
            await Assertions.Expect(page.GetByText("Schema available", new() { Exact = true }))
                .ToBeVisibleAsync(new() { Timeout = StepTimeout });

            step = "type the operation into the Request editor";
            var requestEditor = Pane(page, "Request").Locator(".monaco-editor").First;
            await requestEditor.ClickAsync();
            await page.Keyboard.TypeAsync(Query);
            await page.Keyboard.PressAsync("Escape"); // closes an autocomplete list, if one is open
            var typed = await requestEditor.Locator(".view-lines").InnerTextAsync();
            Assert.Equal(Query, typed.Replace('\u00a0', ' ').Trim());

            step = "wait for the IDE to parse the operation (the 'Run' code lens above it)";
            // Run sends the operation the IDE has parsed, not the editor's text: clicked before the parse it posts
            // {"query":""}. The code lens comes from that same parse, so once it shows, Run has the operation.
            await requestEditor.Locator(".codelens-decoration").Filter(new() { HasText = "Run" }).First.WaitForAsync();

            step = "run the operation (Run button) and wait for its HTTP response";
            var run = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run Operation") });
            var http = await page.RunAndWaitForResponseAsync(
                () => run.ClickAsync(),
                r => r.Request.Method == "POST" && !(r.Request.PostData ?? "").Contains("IntrospectionQuery", StringComparison.Ordinal));
            var body = await http.TextAsync();
            Assert.True(http.Status == 200, $"POST {http.Url} with {http.Request.PostData} answered HTTP {http.Status}: {body}");
            Assert.StartsWith(new Uri(baseAddress, "/graphql").ToString(), http.Url, StringComparison.Ordinal);
            Assert.Contains("Xi Jinping", body, StringComparison.Ordinal);

            step = "find 'Xi Jinping' in the Response pane";
            // Monaco renders only the lines in view: the tall viewport keeps the whole 29-line answer on screen.
            var responseLines = Pane(page, "Response").Locator(".monaco-editor .view-lines").First;
            await Assertions.Expect(responseLines).ToContainTextAsync("\"data\"", new() { Timeout = StepTimeout });
            await Assertions.Expect(responseLines).ToContainTextAsync("Xi Jinping", new() { Timeout = StepTimeout });
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await DiagnoseAsync(page, step, exception, log));
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"The IDE round trip took {stopwatch.Elapsed}.");
    }

    [SkippableFact]
    public async Task SubscriptionRunInTheIdeShowsEachPublishedChange()
    {
        var chromium = Chromium();
        await using var application = new TradeGraphApplication();
        var baseAddress = application.StartKestrel();
        var feed = application.Services.GetRequiredService<GraphChangeFeed>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright, chromium);
        await using var context = await NewContextAsync(browser);
        var (page, log) = await NewPageAsync(context, baseAddress);
        const string Subscription = "subscription { graphChanged { key } }";

        var step = "open the IDE";
        try
        {
            await page.GotoAsync(new Uri(baseAddress, "/graphql").ToString());
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Create Document") }).ClickAsync();

            step = "wait for the schema (status bar 'Schema available')";
            await Assertions.Expect(page.GetByText("Schema available", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = StepTimeout });

            step = "type the subscription into the Request editor";
            var requestEditor = Pane(page, "Request").Locator(".monaco-editor").First;
            await requestEditor.ClickAsync();
            await page.Keyboard.TypeAsync(Subscription);
            await page.Keyboard.PressAsync("Escape");
            await requestEditor.Locator(".codelens-decoration").First.WaitForAsync();

            step = "run it and wait for the server to hold the subscription";
            var webSocket = await page.RunAndWaitForWebSocketAsync(
                () => page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Run Operation") }).ClickAsync(),
                new() { Predicate = s => s.Url.EndsWith("/graphql", StringComparison.Ordinal) });
            using (var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(StepTimeout)))
            {
                while (feed.SubscriberCount == 0)
                {
                    await Task.Delay(50, wait.Token);
                }
            }

            step = "publish a change and find it in the Response pane";
            feed.Publish([new GraphChange(1, ChangeKind.Updated, "Official", "scott-bessent", null, null, "editor", DateTimeOffset.UtcNow)]);
            var responseLines = Pane(page, "Response").Locator(".monaco-editor .view-lines").First;
            await Assertions.Expect(responseLines).ToContainTextAsync("scott-bessent", new() { Timeout = StepTimeout });
            Assert.StartsWith("ws://", webSocket.Url, StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is PlaywrightException or TimeoutException or OperationCanceledException or Xunit.Sdk.XunitException)
        {
            Assert.Fail(await DiagnoseAsync(page, step, exception, log));
        }
    }

    private static string Chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
        Skip.IfNot(File.Exists(chromium), $"No Chromium at '{chromium}' (set CHROMIUM_PATH, or install Debian chromium: apt-get install chromium).");
        return chromium;
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string chromium) =>
        playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Timeout = StepTimeout,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser)
    {
        var context = await browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 1400, Height = 1200 },
            // The IDE's service worker, once installed, claims the page and reloads it (controllerchange). With a fresh
            // profile that happens at an arbitrary moment during the test, so keep it out: it is only an offline cache.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
        context.SetDefaultTimeout(StepTimeout);
        return context;
    }

    private static async Task<(IPage Page, ConcurrentQueue<string> Log)> NewPageAsync(IBrowserContext context, Uri baseAddress)
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
            if (!request.Url.StartsWith(baseAddress.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal))
            {
                log.Enqueue($"request off the app: {request.Method} {request.Url}");
            }
        };
        return (page, log);
    }

    /// <summary>The innermost block holding both the pane's heading ("Request", "Response") and an editor.</summary>
    private static ILocator Pane(IPage page, string heading) =>
        page.Locator("div")
            .Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true }) })
            .Filter(new() { Has = page.Locator(".monaco-editor") })
            .Last;

    private static async Task<string> DiagnoseAsync(IPage page, string step, Exception exception, ConcurrentQueue<string> log)
    {
        var screenshot = Path.Combine(Path.GetTempPath(), $"bananacakepop-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
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
            Banana Cake Pop did not complete the step: {step}.
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
