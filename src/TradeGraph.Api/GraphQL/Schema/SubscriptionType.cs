using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema;

/// <summary>
/// The Subscription root: <c>graphChanged(kinds, keys)</c> streams every committed change from the
/// <see cref="IGraphChangeFeed"/>, filtered by entity kind or relationship type and by key, as a <c>GraphChange</c>
/// whose <c>entity</c> and <c>relationship</c> resolve like anywhere else in the schema.
/// </summary>
internal static class SubscriptionType
{
    public static ObjectGraphType Create(GraphModel model, ModelGraphTypes types)
    {
        var knownKinds = model.Kinds.Select(k => k.Name).Concat(model.RelationshipTypes.Select(r => r.Name)).ToHashSet(StringComparer.Ordinal);
        var subscription = new ObjectGraphType { Name = "Subscription" };
        subscription.AddField(new FieldType
        {
            Name = "graphChanged",
            Description = "Every change committed from now on (by any server on the same store), once each, in commit order; with "
                + "`afterRevision`, first every change committed after that revision, then on, without gaps or repeats (a revision the log "
                + "cannot replay from is REVISION_TOO_OLD). `kinds` keeps only changes to those entity kinds "
                + "(Official) or relationship types (PARTICIPATES_IN); `keys` keeps only changes to those entities, or to relationships "
                + "with one of them at either end. Null or empty means no filter. A subscriber that falls too far behind gets an error "
                + "(SUBSCRIPTION_FELL_BEHIND) and must subscribe again.",
            Arguments = new QueryArguments(
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds", Description = "Entity kind or relationship type names." },
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "keys", Description = "Entity keys." },
                new QueryArgument<LongGraphType>
                {
                    Name = "afterRevision",
                    Description = "Resume after this revision (the `revision` of the last change received): the changes committed since are replayed first.",
                }),
            ResolvedType = new NonNullGraphType(CreateChangeType(types)),
            // Each event arrives as the source of the field: the change itself.
            Resolver = new FieldResolver(c => c.Source),
            StreamResolver = new SourceStreamResolver<object?>(c =>
            {
                var kinds = Set(c.GetArgument<List<string>?>("kinds"));
                foreach (var kind in kinds ?? [])
                {
                    if (!knownKinds.Contains(kind))
                    {
                        throw new TradeGraphError(ErrorCodes.InvalidArgument,
                            $"`kinds` holds '{kind}', which is neither an entity kind nor a relationship type of the model.");
                    }
                }

                var keys = Set(c.GetArgument<List<string>?>("keys"));
                var afterRevision = c.GetArgument<long?>("afterRevision");
                if (afterRevision < 0)
                {
                    throw new TradeGraphError(ErrorCodes.InvalidArgument, "`afterRevision` must be 0 or more.");
                }

                var feed = c.RequestServices!.GetRequiredService<IGraphChangeFeed>();
                var follower = c.RequestServices!.GetService<RevisionFollower>();
                // A transport's window stops this subscription computing results nobody has taken, and ends it at once
                // when the feed drops it for falling behind.
                var window = SubscriptionWindow.From(c.UserContext);
                return new AsyncEnumerableObservable<object?>(
                    cancellationToken => Matching(follower is null
                        ? feed.SubscribeAsync(cancellationToken, window is null ? null : window.Fail)
                        : follower.SubscribeAsync(afterRevision, window is null ? null : window.Fail, cancellationToken), kinds, keys),
                    error => error switch
                    {
                        SubscriberFellBehindException => new TradeGraphError(ErrorCodes.SubscriptionFellBehind, error.Message),
                        RevisionTooOldException => new TradeGraphError(ErrorCodes.RevisionTooOld, error.Message),
                        _ => error,
                    },
                    window);
            }),
        });
        return subscription;
    }

    private static HashSet<string>? Set(List<string>? values) => values is { Count: > 0 } ? [.. values] : null;

    private static async IAsyncEnumerable<object?> Matching(IAsyncEnumerable<GraphChange> changes, HashSet<string>? kinds, HashSet<string>? keys)
    {
        await foreach (var change in changes)
        {
            if (kinds?.Contains(change.Kind) == false)
            {
                continue;
            }

            if (keys is not null && !keys.Contains(change.Key)
                && !(change.Relationship is { } relationship && (keys.Contains(relationship.From) || keys.Contains(relationship.To))))
            {
                continue;
            }

            yield return change;
        }
    }

    private static ObjectGraphType<GraphChange> CreateChangeType(ModelGraphTypes types)
    {
        var change = types.ChangeKind;

        var type = new ObjectGraphType<GraphChange>
        {
            Name = "GraphChange",
            Description = "One committed change to an entity or a relationship. Changes committed together share a revision.",
        };
        type.AddField(new FieldType
        {
            Name = "revision",
            Description = "The revision the commit made; later commits have higher revisions.",
            Type = typeof(NonNullGraphType<LongGraphType>),
            Resolver = new FieldResolver(c => Change(c).Revision),
        });
        type.AddField(new FieldType
        {
            Name = "change",
            Description = "Whether the fact was created, updated or deleted.",
            ResolvedType = new NonNullGraphType(change),
            Resolver = new FieldResolver(c => Change(c).Change),
        });
        type.AddField(new FieldType
        {
            Name = "kind",
            Description = "The entity's kind (Official), or the relationship's type (PARTICIPATES_IN).",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => Change(c).Kind),
        });
        type.AddField(new FieldType
        {
            Name = "key",
            Description = "The entity's key, or the key of the relationship's from end.",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => Change(c).Key),
        });
        type.AddField(new FieldType
        {
            Name = "entity",
            Description = "The entity as committed (as it was, for a delete); null for a relationship change.",
            ResolvedType = types.Node,
            Resolver = new FieldResolver(c => Change(c).Entity),
        });
        type.AddField(new FieldType
        {
            Name = "relationship",
            Description = "The relationship as committed (as it was, for a delete); null for an entity change.",
            ResolvedType = types.RelationshipInterface,
            Resolver = new FieldResolver(c => Change(c).Relationship),
        });
        type.AddField(new FieldType
        {
            Name = "actor",
            Description = "Who made the change.",
            Type = typeof(NonNullGraphType<StringGraphType>),
            Resolver = new FieldResolver(c => Change(c).Actor),
        });
        type.AddField(new FieldType
        {
            Name = "at",
            Description = "When it was committed (UTC).",
            ResolvedType = new NonNullGraphType(types.DateTime),
            Resolver = new FieldResolver(c => Change(c).At.ToUniversalTime()),
        });
        return type;
    }

    private static GraphChange Change(IResolveFieldContext context) => (GraphChange)context.Source!;
}
