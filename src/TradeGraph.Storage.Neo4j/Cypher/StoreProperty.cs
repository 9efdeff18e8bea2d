using TradeGraph.Core.Exchange;

namespace TradeGraph.Storage.Neo4j.Cypher;

/// <summary>
/// The names the store itself gives to node and relationship properties (the model declares the rest); the ones the
/// Cypher export writes too are <see cref="Neo4jLayout"/>'s. A builder takes one of these or a model <see cref="Core.Model.PropertyDefinition"/>, never free text.
/// </summary>
internal enum StoreProperty
{
    Key,
    Name,
    Aliases,
    Description,
    SourceKeys,
    SourceLocators,

    /// <summary>Parallel to the source keys: an inferred citation's note, "" for a stated one (decision 0018).</summary>
    SourceNotes,

    /// <summary>The aliases joined with newlines: what the full-text index reads (the writer keeps it).</summary>
    AliasesText,

    /// <summary>
    /// The folded words of the name, the aliases and the description (<see cref="Core.Graph.TextFolding.IndexedWords"/>): what the
    /// full-text index reads, split on whitespace alone, so it holds exactly the words a search asks for (schema version 3).
    /// </summary>
    SearchName,
    SearchAliases,
    SearchDescription,

    // A history record (a node labelled HistoryLabel), as the writer stores it.
    Fact,
    Revision,
    At,
    Actor,
    Change,
    Changes,
    Editorial,

    /// <summary>The change's position within its revision, when the writer records one (it orders changes to one fact within a batch).</summary>
    Sequence,

    /// <summary>The fact's entity kind or relationship type (recorded since the revision log: what a replica replays by).</summary>
    Kind,

    // An entity's vector for semantic search, the model that made it and the fingerprint of the text it embeds (EmbeddedText).
    Embedding,
    EmbeddingModel,
    EmbeddingFingerprint,
}

/// <summary>The stored spelling of each <see cref="StoreProperty"/> and the store's own labels.</summary>
internal static class StoreNames
{
    /// <summary>The label of history records; the leading underscore keeps it apart from every model kind (PascalCase).</summary>
    public const string HistoryLabel = "_TGHistory";

    /// <summary>The full-text index over :Entity(searchName, searchAliases, searchDescription) that the schema bootstrap creates.</summary>
    public const string SearchIndex = "entity_search";

    public static string Of(StoreProperty property) => property switch
    {
        StoreProperty.Key => Neo4jLayout.KeyProperty,
        StoreProperty.Name => Neo4jLayout.NameProperty,
        StoreProperty.Aliases => Neo4jLayout.AliasesProperty,
        StoreProperty.Description => Neo4jLayout.DescriptionProperty,
        StoreProperty.SourceKeys => Neo4jLayout.SourceKeysProperty,
        StoreProperty.SourceLocators => Neo4jLayout.SourceLocatorsProperty,
        StoreProperty.SourceNotes => Neo4jLayout.SourceNotesProperty,
        StoreProperty.AliasesText => "aliasesText",
        StoreProperty.SearchName => "searchName",
        StoreProperty.SearchAliases => "searchAliases",
        StoreProperty.SearchDescription => "searchDescription",
        StoreProperty.Fact => "fact",
        StoreProperty.Revision => "revision",
        StoreProperty.At => "at",
        StoreProperty.Actor => "actor",
        StoreProperty.Change => "change",
        StoreProperty.Changes => "changes",
        StoreProperty.Editorial => "editorial",
        StoreProperty.Sequence => "seq",
        StoreProperty.Kind => "kind",
        StoreProperty.Embedding => "embedding",
        StoreProperty.EmbeddingModel => "embeddingModel",
        StoreProperty.EmbeddingFingerprint => "embeddingFingerprint",
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    /// <summary>Every name the store itself may put in Cypher text (the model's names aside).</summary>
    /// <summary>The vector index over :Entity(embedding) that semantic search queries.</summary>
    public const string EmbeddingIndex = "entity_embedding";

    public static IEnumerable<string> All => Enum.GetValues<StoreProperty>().Select(Of).Append(HistoryLabel).Append(CypherNames.EntityLabel)
        .Append(PassageStatements.Label);
}
