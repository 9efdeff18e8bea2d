using System.ComponentModel.DataAnnotations;

namespace TradeGraph.Api.Security;

/// <summary>
/// Who may read and write. Reads are open unless <see cref="ReadsRequireKey"/>; every write needs a key with the
/// write scope. Keys are configured by their SHA-256 hash only (<c>dotnet run --project src/TradeGraph.Api -- new-key</c>
/// prints a key and its hash), so the configuration holds nothing a reader could use.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    public bool ReadsRequireKey { get; set; }

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];
}

/// <summary>One API key: a name (kept in history as who wrote), its hash, its scopes and, optionally, the kinds it may write.</summary>
public sealed class ApiKeyOptions
{
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Lowercase hex SHA-256 of the key's UTF-8 text.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "Security:ApiKeys:*:Hash must be 64 hex digits (a SHA-256).")]
    public string Hash { get; set; } = "";

    /// <summary>read, write, admin. Write implies read; admin implies both.</summary>
    public List<string> Scopes { get; set; } = ["read"];

    /// <summary>Entity kinds (and so relationship ends) this key may write; empty means all.</summary>
    public List<string> Kinds { get; set; } = [];
}
