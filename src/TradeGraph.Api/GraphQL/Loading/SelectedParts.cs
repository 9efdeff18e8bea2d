using System.Runtime.CompilerServices;
using GraphQL;
using GraphQLParser.AST;
using TradeGraph.Core.Model;
using TradeGraph.Core.Querying;

namespace TradeGraph.Api.GraphQL.Loading;

/// <summary>Where the entities lie in what a page field returns.</summary>
internal enum SelectionShape
{
    /// <summary>A connection of entities: nodes { … }, edges { node { … } relationship { … } }.</summary>
    Connection,

    /// <summary>A connection of search results: nodes { node { … } }, edges { node { node { … } } }.</summary>
    SearchConnection,
}

/// <summary>
/// The <see cref="EntityParts"/> a field's selection needs, through fragments, inline fragments and aliases: aliases,
/// description and sources by their fields, properties when any declared property is selected, and the walked
/// relationship's properties and sources under edges.relationship. Every other field of an entity (id, key, the name,
/// history, supports, scores, related fields) reads only its key. Computed once per field node of a document (documents
/// are cached, so a repeated request computes nothing).
/// Loaders shared by every occurrence of a field in a request (entities by key, to-one hops) load with the parts any
/// selection of the document names (<see cref="InDocument"/>): a superset of every batch's union, so a value memoized
/// by one level always serves the next and the request's round trips stay what they were.
/// </summary>
internal sealed class SelectedParts(GraphModel model)
{
    private readonly HashSet<string> _entityProperties = [.. model.Kinds.SelectMany(k => k.Properties).Select(p => p.Name)];
    private readonly HashSet<string> _relationshipProperties = [.. model.RelationshipTypes.SelectMany(t => t.Properties).Select(p => p.Name)];
    private readonly ConditionalWeakTable<GraphQLField, StrongBox<EntityParts>> _known = [];
    private readonly ConditionalWeakTable<GraphQLDocument, StrongBox<EntityParts>> _documents = [];

    /// <summary>The entity parts any field of the request's document names, wherever it stands (relationship parts aside).</summary>
    public EntityParts InDocument(IResolveFieldContext context)
    {
        if (_documents.TryGetValue(context.Document, out var known))
        {
            return known.Value;
        }

        var parts = EntityParts.None;
        foreach (var definition in context.Document.Definitions)
        {
            parts |= definition switch
            {
                GraphQLOperationDefinition operation => Named(operation.SelectionSet),
                GraphQLFragmentDefinition fragment => Named(fragment.SelectionSet),
                _ => EntityParts.None,
            };
        }

        _documents.AddOrUpdate(context.Document, new StrongBox<EntityParts>(parts));
        return parts;
    }

    /// <summary>Every part some field below <paramref name="selection"/> names, fragments' own definitions aside.</summary>
    private EntityParts Named(GraphQLSelectionSet? selection)
    {
        var parts = EntityParts.None;
        foreach (var node in selection?.Selections ?? [])
        {
            parts |= node switch
            {
                GraphQLField field => EntityPart(field.Name.StringValue) | Named(field.SelectionSet),
                GraphQLInlineFragment inline => Named(inline.SelectionSet),
                _ => EntityParts.None,
            };
        }

        return parts;
    }

    private EntityParts EntityPart(string fieldName) => fieldName switch
    {
        "aliases" => EntityParts.Aliases,
        "description" => EntityParts.Description,
        "sources" => EntityParts.Sources,
        _ when _entityProperties.Contains(fieldName) => EntityParts.Properties,
        _ => EntityParts.None,
    };

    /// <summary>What the entities of the page the field <paramref name="context"/> resolves must carry, and the relationships walked to them.</summary>
    public EntityParts Of(IResolveFieldContext context, SelectionShape shape)
    {
        var field = context.FieldAst;
        if (_known.TryGetValue(field, out var known))
        {
            return known.Value;
        }

        var parts = Compute(field.SelectionSet, context.Document, shape);
        _known.AddOrUpdate(field, new StrongBox<EntityParts>(parts));
        return parts;
    }

    private EntityParts Compute(GraphQLSelectionSet? selection, GraphQLDocument document, SelectionShape shape) => shape switch
    {
        SelectionShape.Connection => Under(selection, document, "nodes", s => OnEntity(s, document))
            | Under(selection, document, "edges", edges =>
                Under(edges, document, "node", s => OnEntity(s, document)) | Under(edges, document, "relationship", s => OnRelationship(s, document))),
        _ => Under(selection, document, "nodes", s => Under(s, document, "node", n => OnEntity(n, document)))
            | Under(selection, document, "edges", edges => Under(edges, document, "node", s => Under(s, document, "node", n => OnEntity(n, document)))),
    };

    private EntityParts OnEntity(GraphQLSelectionSet? selection, GraphQLDocument document)
    {
        var parts = EntityParts.None;
        foreach (var field in Fields(selection, document))
        {
            parts |= EntityPart(field.Name.StringValue);
        }

        return parts;
    }

    private EntityParts OnRelationship(GraphQLSelectionSet? selection, GraphQLDocument document)
    {
        var parts = EntityParts.None;
        foreach (var field in Fields(selection, document))
        {
            parts |= field.Name.StringValue switch
            {
                "sources" => EntityParts.RelationshipSources,
                var name when _relationshipProperties.Contains(name) => EntityParts.RelationshipProperties,
                _ => EntityParts.None,
            };
        }

        return parts;
    }

    private static EntityParts Under(GraphQLSelectionSet? selection, GraphQLDocument document, string name, Func<GraphQLSelectionSet?, EntityParts> inner)
    {
        var parts = EntityParts.None;
        foreach (var field in Fields(selection, document))
        {
            if (field.Name.StringValue == name)
            {
                parts |= inner(field.SelectionSet);
            }
        }

        return parts;
    }

    /// <summary>The fields of a selection set, fragments and inline fragments spread (each named fragment once).</summary>
    private static IEnumerable<GraphQLField> Fields(GraphQLSelectionSet? selection, GraphQLDocument document, HashSet<string>? spread = null)
    {
        foreach (var node in selection?.Selections ?? [])
        {
            switch (node)
            {
                case GraphQLField field:
                    yield return field;
                    break;
                case GraphQLInlineFragment inline:
                    foreach (var field in Fields(inline.SelectionSet, document, spread))
                    {
                        yield return field;
                    }

                    break;
                case GraphQLFragmentSpread fragmentSpread:
                    spread ??= new HashSet<string>(StringComparer.Ordinal);
                    var name = fragmentSpread.FragmentName.Name.StringValue;
                    if (spread.Add(name) && document.Definitions.OfType<GraphQLFragmentDefinition>()
                            .FirstOrDefault(d => d.FragmentName.Name.StringValue == name) is { } definition)
                    {
                        foreach (var field in Fields(definition.SelectionSet, document, spread))
                        {
                            yield return field;
                        }
                    }

                    break;
            }
        }
    }
}
