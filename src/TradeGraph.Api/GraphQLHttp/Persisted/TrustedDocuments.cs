using System.Text.Json;
using Microsoft.Extensions.Options;

namespace TradeGraph.Api.GraphQLHttp.Persisted;

/// <summary>
/// Operations known at start, by id (<see cref="PersistedOperationOptions.TrustedDocuments"/>): Relay's
/// persisted-queries.json (<c>{ "id": "document" }</c>) or Hot Chocolate's operation store folder (<c>&lt;id&gt;.graphql</c>).
/// Indexed by id and by the SHA-256 of the text, so a client that sends a trusted document's text, or its hash through
/// automatic persisted queries, runs it as trusted too.
/// </summary>
internal sealed class TrustedDocuments
{
    private const string Sha256Prefix = "sha256:";

    private readonly Dictionary<string, string> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byHash = new(StringComparer.Ordinal);

    public TrustedDocuments(IOptions<PersistedOperationOptions> options, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.Value.TrustedDocuments))
        {
            return;
        }

        var path = Path.GetFullPath(options.Value.TrustedDocuments, environment.ContentRootPath);
        if (File.Exists(path))
        {
            AddMap(path);
        }
        else if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*.graphql").Order(StringComparer.Ordinal))
            {
                Add(Path.GetFileNameWithoutExtension(file), File.ReadAllText(file), file);
            }

            foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
            {
                AddMap(file);
            }
        }
        else
        {
            throw new InvalidOperationException(
                $"{PersistedOperationOptions.SectionName}:{nameof(PersistedOperationOptions.TrustedDocuments)} names '{path}', which is neither a file nor a folder.");
        }
    }

    /// <summary>How many trusted documents were loaded.</summary>
    public int Count => _byId.Count;

    /// <summary>
    /// The document with this id; an id written <c>sha256:&lt;hash&gt;</c> (the persisted documents proposal) also finds
    /// the document stored under the bare hash or whose text has that hash. Null when unknown.
    /// </summary>
    public string? FindById(string id)
    {
        if (_byId.TryGetValue(id, out var document))
        {
            return document;
        }

        var hash = id.StartsWith(Sha256Prefix, StringComparison.OrdinalIgnoreCase) ? id[Sha256Prefix.Length..] : null;
        return hash is null ? null : _byId.GetValueOrDefault(hash) ?? FindByHash(hash.ToLowerInvariant());
    }

    /// <summary>The trusted document whose text has this SHA-256 (lowercase hex); null when none.</summary>
    public string? FindByHash(string hash) => _byHash.GetValueOrDefault(hash);

    private void AddMap(string file)
    {
        Dictionary<string, string>? map;
        try
        {
            map = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"The trusted documents file '{file}' is not a JSON object of id → document: {e.Message}", e);
        }

        foreach (var (id, document) in map ?? [])
        {
            Add(id, document, file);
        }
    }

    private void Add(string id, string document, string file)
    {
        if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(document))
        {
            throw new InvalidOperationException($"The trusted documents in '{file}' hold an empty id or document.");
        }

        if (_byId.TryGetValue(id, out var known) && known != document)
        {
            throw new InvalidOperationException($"The trusted document id '{id}' names two different documents ('{file}').");
        }

        _byId[id] = document;
        _byHash[DocumentHash.Of(document)] = document;
    }
}

/// <summary>The SHA-256 of a document's UTF-8 text in lowercase hex, as Apollo's automatic persisted queries hash it.</summary>
internal static class DocumentHash
{
    public static string Of(string document) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(document)));
}
