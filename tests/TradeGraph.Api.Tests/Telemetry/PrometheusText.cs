using System.Globalization;

namespace TradeGraph.Api.Tests.Telemetry;

/// <summary>
/// A reader of the Prometheus text exposition format, enough for the tests: <c># TYPE name type</c> lines and samples
/// <c>name{label="value",…} value</c> (label values with escaped quotes, backslashes and newlines).
/// </summary>
public sealed record PrometheusText(List<(string Name, string Type)> Types, List<PrometheusSample> Samples)
{
    public static PrometheusText Parse(string text)
    {
        var types = new List<(string, string)>();
        var samples = new List<PrometheusSample>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                types.Add((parts[2], parts[3]));
                continue;
            }

            if (line.StartsWith('#'))
            {
                continue;
            }

            samples.Add(ParseSample(line));
        }

        return new PrometheusText(types, samples);
    }

    private static PrometheusSample ParseSample(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        if (brace < 0 || brace > space)
        {
            return new PrometheusSample(line[..space], labels, Number(line[(space + 1)..]));
        }

        var name = line[..brace];
        var i = brace + 1;
        while (line[i] != '}')
        {
            var equals = line.IndexOf('=', i);
            var label = line[i..equals];
            i = equals + 2; // past ="
            var value = new System.Text.StringBuilder();
            for (; line[i] != '"'; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            labels[label] = value.ToString();
            i++; // past the closing quote
            if (line[i] == ',')
            {
                i++;
            }
        }

        return new PrometheusSample(name, labels, Number(line[(i + 1)..].Trim()));
    }

    // A sample may carry a timestamp after its value.
    private static double Number(string text) => text.Split(' ')[0] switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}

public sealed record PrometheusSample(string Name, Dictionary<string, string> Labels, double Value);
