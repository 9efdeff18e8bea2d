using System.Security.Cryptography;
using System.Text;

namespace TradeGraph.Api.Tests.Hosting;

/// <summary>The API keys the test application is configured with (by hash, as in production).</summary>
public static class TestKeys
{
    public const string Writer = "tg-test-writer-7f3a";
    public const string Reader = "tg-test-reader-91bc";
    public const string OfficialsOnly = "tg-test-officials-2d40";
    public const string Admin = "tg-test-admin-c5e8";

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A client of the application that sends <paramref name="key"/> as X-Api-Key.</summary>
    public static HttpClient WithKey(this HttpClient client, string key)
    {
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
