using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace TradeGraph.Api.Commands;

/// <summary>
/// Shows how long work is getting on, on standard error only (standard output may carry the graph). A step with a total
/// shows done / total, the rate and the time left; one without (reading a whole graph) shows that it is still running.
/// </summary>
internal interface ICommandProgress
{
    /// <param name="description">What the step does, e.g. "import".</param>
    /// <param name="total">How many items the step will report, or null when it cannot tell.</param>
    /// <param name="work">The step; it reports items done to the progress it is given.</param>
    Task<T> RunAsync<T>(string description, long? total, Func<IProgress<long>, Task<T>> work);
}

/// <summary>No progress shown (tests, and callers that write their own).</summary>
internal sealed class SilentProgress : ICommandProgress
{
    public static SilentProgress Instance { get; } = new();

    public Task<T> RunAsync<T>(string description, long? total, Func<IProgress<long>, Task<T>> work) => work(new Progress<long>());
}

/// <summary>The console's: a live progress bar on an interactive terminal, plain periodic lines when standard error is redirected.</summary>
internal static class ConsoleProgress
{
    public static ICommandProgress ForStandardError()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return !Console.IsErrorRedirected && console.Profile.Capabilities.Interactive
            ? new BarProgress(console)
            : new LineProgress(Console.Error, TimeSpan.FromSeconds(5));
    }
}

/// <summary>Spectre.Console's progress bar: description, bar, percentage, rate, time left.</summary>
internal sealed class BarProgress(IAnsiConsole console) : ICommandProgress
{
    public Task<T> RunAsync<T>(string description, long? total, Func<IProgress<long>, Task<T>> work) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(description, maxValue: total ?? 1);
                task.IsIndeterminate = total is null;
                var result = await work(new Reporter<long>(done => task.Value = done));
                task.Value = task.MaxValue;
                task.StopTask();
                return result;
            });

    /// <summary>Items per second, as the bar's task measures it.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(task.Speed is { } speed && !task.IsIndeterminate ? $"{speed.ToString("N0", CultureInfo.InvariantCulture)}/s" : "", Style.Plain);
    }
}

/// <summary>A line every <paramref name="interval"/> while a step runs: for logs and redirected output.</summary>
internal sealed class LineProgress(TextWriter output, TimeSpan interval) : ICommandProgress
{
    public async Task<T> RunAsync<T>(string description, long? total, Func<IProgress<long>, Task<T>> work)
    {
        var clock = Stopwatch.StartNew();
        long done = 0;
        using var timer = new Timer(_ => output.WriteLine(Line(description, Interlocked.Read(ref done), total, clock.Elapsed)), null, interval, interval);
        return await work(new Reporter<long>(value => Interlocked.Exchange(ref done, value)));
    }

    /// <summary>"import: 120,000 of 1,180,000 (10 %), 24,000/s, about 44 s left" — or, without a total, how long it has run.</summary>
    internal static string Line(string description, long done, long? total, TimeSpan elapsed)
    {
        var invariant = CultureInfo.InvariantCulture;
        if (total is not { } all || all <= 0)
        {
            return string.Create(invariant, $"{description}: still running after {elapsed.TotalSeconds:N0} s");
        }

        var rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var left = rate > 0 ? string.Create(invariant, $", about {(all - done) / rate:N0} s left") : "";
        return string.Create(invariant, $"{description}: {done:N0} of {all:N0} ({100.0 * done / all:N0} %), {rate:N0}/s{left}");
    }
}
