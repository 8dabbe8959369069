using DockerToLinux.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

public class RedirectTests
{
    [Fact]
    public async Task Blobs_redirected_to_another_host_are_fetched_without_the_registry_token()
    {
        using var temp = new TempDir();
        string layout = temp.File("layout");
        string manifestDigest = OciLayoutWriter.WriteLayout(layout, RegistryPullTests.SampleLayers());
        byte[] Blob(string digest) => File.ReadAllBytes(Path.Combine(layout, "blobs", "sha256", digest["sha256:".Length..]));
        using var issuer = new TokenIssuer("tester", "pw");
        using var cdn = new ScriptedHttpServer((target, _) =>
            new ScriptedAnswer("200 OK", ["Content-Type: application/octet-stream"], Blob(target[(target.LastIndexOf('/') + 1)..])));
        using var registry = new ScriptedHttpServer((target, headers) =>
        {
            if (!headers.TryGetValue("authorization", out string? authorization) || !authorization.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return new ScriptedAnswer("401 Unauthorized", [$"WWW-Authenticate: Bearer realm=\"{issuer.Realm}\",service=\"{TokenIssuer.Service}\""], []);
            }
            if (target.EndsWith("/manifests/1", StringComparison.Ordinal))
            {
                return new ScriptedAnswer("200 OK", ["Content-Type: application/vnd.oci.image.manifest.v1+json", $"Docker-Content-Digest: {manifestDigest}"],
                    Blob(manifestDigest));
            }
            string digest = target[(target.LastIndexOf('/') + 1)..];
            return new ScriptedAnswer("307 Temporary Redirect", [$"Location: http://{cdn.Host}/signed/{digest}"], []);
        });

        var (pulled, image) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/test/image:1",
            new ImageSourceOptions { Credentials = new RegistryCredentials("tester", "pw") });

        Assert.Equal(manifestDigest, image.Digest.ToString());
        Assert.Contains("/srv/big", pulled.Entries.Keys);
        // The CDN ignores ranges: each blob is fetched whole once, and the probes of its ends took only its head.
        Assert.Equal(1 + image.Layers.Count, cdn.Requests.Count(request => !request.Headers.ContainsKey("range")));
        Assert.All(cdn.Requests, request => Assert.False(request.Headers.ContainsKey("authorization"), $"{request.Target} got the token"));
        Assert.Contains(registry.Requests, request => request.Headers.GetValueOrDefault("authorization")?.StartsWith("Bearer ", StringComparison.Ordinal) == true);
    }
}
