using GraphQL;
using GraphQL.Types;
using TradeGraph.Api.GraphQL.Errors;
using TradeGraph.Core.Model;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.GraphQL.Schema.Live;

/// <summary>
/// The Subscription root: <c>graphChanged(kinds, keys)</c> streams every committed change from the
/// <see cref="IGraphChangeFeed"/>, filtered by entity kind or relationship type and by key, as a <c>GraphChange</c>
/// whose <c>entity</c> and <c>relationship</c> resolve like anywhere else in the schema.
/// </summary>
internal sealed class SubscriptionGraphType : ObjectGraphType
{
    public SubscriptionGraphType(GraphModel model, ModelGraphTypes types)
    {
        var knownKinds = model.Kinds.Select(k => k.Name).Concat(model.RelationshipTypes.Select(r => r.Name)).ToHashSet(StringComparer.Ordinal);
        Name = "Subscription";
        Field("graphChanged", new NonNullGraphType(new GraphChangeGraphType(types)))
            .Description("Every change committed from now on (by any server on the same store), once each, in commit order; with "
                + "`afterRevision`, first every change committed after that revision, then on, without gaps or repeats (a revision the log "
                + "cannot replay from is REVISION_TOO_OLD). `kinds` keeps only changes to those entity kinds "
                + "(Official) or relationship types (PARTICIPATES_IN); `keys` keeps only changes to those entities, or to relationships "
                + "with one of them at either end. Null or empty means no filter. A subscriber that falls too far behind gets an error "
                + "(SUBSCRIPTION_FELL_BEHIND) and must subscribe again.")
            .Arguments(
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "kinds", Description = "Entity kind or relationship type names." },
                new QueryArgument<ListGraphType<NonNullGraphType<StringGraphType>>> { Name = "keys", Description = "Entity keys." },
                new QueryArgument<LongGraphType>
                {
                    Name = "afterRevision",
                    Description = "Resume after this revision (the `revision` of the last change received): the changes committed since are replayed first.",
                })
            // Each event arrives as the source of the field: the change itself.
            .Resolve(c => c.Source)
            .ResolveStream(c =>
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
            });
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
}
