using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>
/// A tiny token service for the registry's <c>auth: token</c> mode, on a free 127.0.0.1 port: it checks
/// Basic credentials and answers with an ES256 JWT carrying the requested repository scopes, its
/// self-signed certificate in <c>x5c</c> (the registry trusts that certificate through rootcertbundle).
/// </summary>
public sealed class TokenIssuer : IDisposable
{
    public const string Service = "test-registry";
    public const string Issuer = "test-issuer";

    private readonly LoopbackListener _listener;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private int _issued;

    public TokenIssuer(string username, string password)
    {
        Username = username;
        Password = password;
        var request = new CertificateRequest("CN=" + Issuer, _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        _listener = new LoopbackListener(AnswerAsync);
    }

    public string Username { get; }

    public string Password { get; }

    /// <summary>How many tokens were handed out.</summary>
    public int Issued => _issued;

    /// <summary>The token endpoint's URL.</summary>
    public string Realm => $"http://{_listener.Host}/token";

    /// <summary>Writes the certificate as PEM for the registry's rootcertbundle and returns the path.</summary>
    public string WriteCertificate(string path)
    {
        File.WriteAllText(path, _certificate.ExportCertificatePem());
        return path;
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var request = await HttpText.ReadHeadAsync(stream);
            if (request is null)
            {
                return;
            }
            var (target, headers) = request.Value;
            var query = new Uri("http://issuer" + target).Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => part.Split('=', 2)).Select(pair => (Key: pair[0], Value: Uri.UnescapeDataString(pair.Length > 1 ? pair[1] : "")));
            string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
            string? given = headers.GetValueOrDefault("authorization");
            if (given != expected)
            {
                await HttpText.WriteAsync(stream, "401 Unauthorized", "application/json", "{\"details\":\"wrong credentials\"}",
                    "WWW-Authenticate: Basic realm=\"test\"");
                return;
            }
            var access = new JsonArray();
            foreach (var (_, scope) in query.Where(pair => pair.Key == "scope"))
            {
                var parts = scope.Split(':');
                if (parts.Length == 3)
                {
                    access.Add(new JsonObject
                    {
                        ["type"] = parts[0],
                        ["name"] = parts[1],
                        ["actions"] = new JsonArray(parts[2].Split(',').Select(action => (JsonNode)action).ToArray()),
                    });
                }
            }
            string token = Sign(access);
            Interlocked.Increment(ref _issued);
            await HttpText.WriteAsync(stream, "200 OK", "application/json",
                new JsonObject { ["token"] = token, ["access_token"] = token, ["expires_in"] = 300 }.ToJsonString());
        }
    }

    private string Sign(JsonArray access)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new JsonObject
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new JsonArray(Convert.ToBase64String(_certificate.RawData)),
        };
        var claims = new JsonObject
        {
            ["iss"] = Issuer,
            ["sub"] = Username,
            ["aud"] = Service,
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = access,
        };
        string signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        // JWS wants the raw r||s pair, not DER.
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose()
    {
        _listener.Dispose();
        _key.Dispose();
        _certificate.Dispose();
    }
}
