using GraphQL.Types;
using TradeGraph.Core.Graph;
using TradeGraph.Core.Ingestion;

namespace TradeGraph.Api.GraphQL.Schema.Ingestion;

/// <summary><c>AmbiguousMention</c>: words of an ingested article that name more than one entity, so none was linked.</summary>
internal sealed class AmbiguousMentionGraphType : ObjectGraphType<AmbiguousMention>
{
    public AmbiguousMentionGraphType(IGraphType entity)
    {
        Name = "AmbiguousMention";
        Description = "Words that name more than one entity, so none was linked.";
        Field<NonNullGraphType<StringGraphType>>("text").Resolve(c => c.Source.Text);
        Field<NonNullGraphType<IntGraphType>>("paragraph").Resolve(c => c.Source.Paragraph);
        Field<NonNullGraphType<IntGraphType>>("start").Resolve(c => c.Source.Start);
        Field<NonNullGraphType<IntGraphType>>("end").Resolve(c => c.Source.End);
        Field("candidates", new NonNullGraphType(new ListGraphType(new NonNullGraphType(entity))))
            .ResolveAwaiting(async (mention, c) =>
            {
                var pending = mention.CandidateKeys.Select(ModelGraphTypes.Loaders(c).Entities.Load).ToList();
                var candidates = new List<Entity>();
                foreach (var result in pending)
                {
                    if (await result.GetResultAsync(c.CancellationToken) is { } candidate)
                    {
                        candidates.Add(candidate);
                    }
                }

                return candidates;
            });
    }
}
