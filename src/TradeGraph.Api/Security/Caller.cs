using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using TradeGraph.Core.Writing;

namespace TradeGraph.Api.Security;

/// <summary>What a request may do: who it is (an API key's name), whether the key it sent was bad, its scopes and kinds.</summary>
public sealed record Caller(string Name, bool PresentedInvalidKey, IReadOnlySet<string> Scopes, IReadOnlySet<string> Kinds)
{
    public const string ContextKey = "tradegraph.caller";
    public const string ScopeClaim = "scope";
    public const string KindClaim = "tradegraph:kind";
    public const string PartitionClaim = "tradegraph:partition";

    /// <summary>The response-cache partition of callers without a key (no key name can be it: names are free text).</summary>
    public const string AnonymousPartition = "anon";

    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    public static Caller Anonymous { get; } = new("anonymous", false, new HashSet<string>(), new HashSet<string>());

    public bool IsAuthenticated => Scopes.Count > 0;

    /// <summary>
    /// Whose cached answers this caller shares: <see cref="AnonymousPartition"/>, or the key's hash prefix — never the
    /// display name, which a key could choose to collide with another caller's.
    /// </summary>
    public string Partition { get; init; } = AnonymousPartition;

    /// <summary>The kinds this caller's writes may touch, as the stores check them.</summary>
    public KindScope Scope => Kinds.Count == 0 ? KindScope.All : new KindScope(Kinds);

    /// <summary>Admin implies write, write implies read.</summary>
    public bool Has(string scope) => scope switch
    {
        Read => Scopes.Contains(Read) || Has(Write),
        Write => Scopes.Contains(Write) || Has(Admin),
        _ => Scopes.Contains(scope),
    };

    /// <summary>Whether this caller may write entities of <paramref name="kind"/> (a key without kinds may write all).</summary>
    public bool MayWrite(string kind) => Has(Write) && (Kinds.Count == 0 || Kinds.Contains(kind));

    public static IEnumerable<Claim> Claims(ApiKeyOptions key) =>
        key.Kinds.Select(k => new Claim(KindClaim, k))
            .Concat(key.Scopes.Select(s => new Claim(ScopeClaim, s.ToLowerInvariant())))
            .Append(new Claim(ClaimTypes.Name, key.Name))
            .Append(new Claim(PartitionClaim, "key:" + key.Hash[..16].ToLowerInvariant()));

    /// <summary>
    /// Authenticates the request with the API-key scheme (once; ASP.NET caches the result per request). A request that
    /// presents no key is anonymous without running the handler: it would answer no result, and taking the scheme's
    /// handler from the services costs every anonymous request (about 1 % of an executed one).
    /// </summary>
    public static async Task<Caller> FromAsync(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.PresentedKey(context.Request.Headers) is null)
        {
            return Anonymous;
        }

        var result = await context.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
        if (result.Failure is not null)
        {
            return Anonymous with { PresentedInvalidKey = true };
        }

        if (result.Principal is { } principal)
        {
            context.User = principal;
        }

        return From(result.Principal);
    }

    /// <summary>The caller a principal made by the API-key scheme stands for; anyone else is anonymous.</summary>
    public static Caller From(ClaimsPrincipal? principal) =>
        principal?.Identity is { IsAuthenticated: true, AuthenticationType: ApiKeyAuthenticationHandler.SchemeName } identity
            ? new Caller(
                identity.Name ?? "anonymous",
                false,
                principal.FindAll(ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
                principal.FindAll(KindClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal))
            {
                Partition = principal.FindFirst(PartitionClaim)?.Value ?? AnonymousPartition,
            }
            : Anonymous;
}
