using System.Diagnostics;
using System.Globalization;
using System.Text;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Seeding;
using TradeGraph.Storage.Neo4j.Cypher;

namespace TradeGraph.Storage.Tests.Neo4j;

/// <summary>
/// The folded regular expressions run where Neo4j runs <c>=~</c>: java.util.regex, whole-string matches. Each stored
/// spelling (every name and alias of the seed, plus accented, upper-case and decomposed variants) is matched against
/// patterns for many user texts, and Java's answer must equal the SQLite store's (compare <see cref="TextFolding.Fold"/>ed
/// strings). Skipped, saying so, where no java is installed.
/// </summary>
public sealed class FoldPatternJavaTests
{
    private const string JavaProgram = """
        import java.nio.charset.StandardCharsets;
        import java.nio.file.*;
        import java.util.*;
        import java.util.regex.Pattern;

        public class FoldCheck {
            public static void main(String[] args) throws Exception {
                var decoder = Base64.getDecoder();
                var patterns = new ArrayList<Pattern>();
                var spellings = new ArrayList<String>();
                int failures = 0;
                for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
                    String[] parts = line.split("\t");
                    if (parts[0].equals("P")) {
                        patterns.add(Pattern.compile(new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)));
                    } else if (parts[0].equals("S")) {
                        spellings.add(parts.length > 1 ? new String(decoder.decode(parts[1]), StandardCharsets.UTF_8) : "");
                    } else {
                        Pattern pattern = patterns.get(Integer.parseInt(parts[1]));
                        String stored = spellings.get(Integer.parseInt(parts[2]));
                        boolean expected = parts[3].equals("1");
                        if (pattern.matcher(stored).matches() != expected) {
                            failures++;
                            if (failures <= 20) System.out.println("MISMATCH " + pattern.pattern().length() + " [" + stored + "] expected " + expected);
                        }
                    }
                }
                System.out.println("failures " + failures);
            }
        }
        """;

    [SkippableFact]
    public async Task JavaRegexAgreesWithFoldedComparisonOnEveryShape()
    {
        var java = FindJava();
        Skip.If(java is null, "no java on PATH: Neo4j's regular expressions (java.util.regex) cannot be checked here");

        var seed = new SeedReader(CypherGoldenCases.Model).ReadDirectory(
            Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "seed")));
        var stored = seed.Entities.SelectMany(e => e.Aliases.Prepend(e.Name))
            .Concat(["Xí JÌNPÍNG", "Xi\u0301 Jinping", "İstanbul", "Straße", "STRASSE", "Øresund", "Ångström", "Kuala\nLumpur", "", "\u0301x", "K\u212A", "Nguyễn Phú Trọng"])
            .Distinct().ToList();
        var texts = stored.SelectMany(s => new[] { s, s.ToUpperInvariant(), Fold(s).Length > 3 ? Fold(s)[1..^1] : Fold(s), Fold(s).Split(' ')[0] })
            .Where((_, i) => i % 4 == 0)
            .Concat(["xi", "XÍ", "jinpíng", "ß", "o", "k", "", " ", "i", "nguyen", "trong", "istanbul", "strasse", "angstrom"]).Distinct().ToList();

        // Each pattern and spelling once (P, S lines), then the cases by index (C pattern spelling expected).
        var lines = new StringBuilder();
        foreach (var spelling in stored)
        {
            lines.Append("S\t").Append(Base64(spelling)).Append('\n');
        }

        var cases = 0;
        var patternCount = 0;
        foreach (var text in texts)
        {
            var folded = Fold(text);
            var patterns = new (string Pattern, Func<string, bool> Expected)[]
            {
                (FoldPattern.For(text, FoldPattern.Shape.Equal), s => Fold(s) == folded),
                (FoldPattern.For(text, FoldPattern.Shape.StartsWith), s => Fold(s).StartsWith(folded, StringComparison.Ordinal)),
                (FoldPattern.For(text, FoldPattern.Shape.EndsWith), s => Fold(s).EndsWith(folded, StringComparison.Ordinal)),
                (FoldPattern.For(text, FoldPattern.Shape.Contains), s => Fold(s).Contains(folded, StringComparison.Ordinal)),
                (FoldPattern.AfterSpace(text), s => Fold(s).Contains(" " + folded, StringComparison.Ordinal)),
                (FoldPattern.AnyOf([text, "Xi Jinping"]), s => Fold(s) == folded || Fold(s) == "xi jinping"),
            };
            foreach (var (pattern, expected) in patterns)
            {
                lines.Append("P\t").Append(Base64(pattern)).Append('\n');
                for (var i = 0; i < stored.Count; i++)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"C\t{patternCount}\t{i}\t{(expected(stored[i]) ? 1 : 0)}\n");
                    cases++;
                }

                patternCount++;
            }
        }

        var folder = Directory.CreateTempSubdirectory("fold-check-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "FoldCheck.java"), JavaProgram);
            await File.WriteAllTextAsync(Path.Combine(folder, "cases.tsv"), lines.ToString());
            var output = await RunAsync(java!, folder, "FoldCheck.java", "cases.tsv");

            Assert.True(cases > 10_000, $"only {cases} cases");
            Assert.True(output.Contains("failures 0", StringComparison.Ordinal), output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Fold(string text) => TextFolding.Fold(text);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? FindJava() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "java")).FirstOrDefault(File.Exists);

    private static async Task<string> RunAsync(string java, string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo(java) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return await output + await error;
    }
}
