using DockerToLinux.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Images.Registry;

public class TokenAuthTests
{
    [Fact]
    public async Task A_registry_enforcing_token_auth_accepts_the_token_d2l_obtains_through_the_challenge()
    {
        using var temp = new TempDir();
        var (layout, archive) = RegistryPullTests.WriteSample(temp);
        using var issuer = new TokenIssuer("tester", "s3cret:with-colon");
        using var registry = LocalRegistry.Start(issuer);
        registry.Push(layout, "private/image:1", credentials: $"{issuer.Username}:{issuer.Password}");
        int issuedBeforePull = issuer.Issued;

        var (expected, _) = await ImageSnapshots.OfAsync($"oci-archive:{archive}");
        var (pulled, _) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/private/image:1",
            new ImageSourceOptions { Credentials = RegistryCredentials.Parse($"{issuer.Username}:{issuer.Password}") });

        ImageSnapshots.AssertSame(expected, pulled, "pull with a token");
        Assert.True(issuer.Issued > issuedBeforePull, "d2l did not ask the issuer for a token");
    }

    [Fact]
    public async Task Credentials_come_from_the_docker_config_file_when_none_are_given()
    {
        using var temp = new TempDir();
        var (layout, _) = RegistryPullTests.WriteSample(temp);
        using var issuer = new TokenIssuer("tester", "from-config");
        using var registry = LocalRegistry.Start(issuer);
        registry.Push(layout, "private/image:1", credentials: $"{issuer.Username}:{issuer.Password}");
        string auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{issuer.Username}:{issuer.Password}"));
        File.WriteAllText(temp.File("config.json"), new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [$"http://{registry.Host}"] = new System.Text.Json.Nodes.JsonObject { ["auth"] = auth } },
        }.ToJsonString());

        var (pulled, image) = await ImageSnapshots.OfAsync($"docker://{registry.Host}/private/image:1",
            new ImageSourceOptions { DockerConfigPath = temp.File("config.json") });

        Assert.Equal(3, image.Layers.Count);
        Assert.Contains("/etc/motd", pulled.Entries.Keys);
    }

    [Fact]
    public async Task A_wrong_password_and_no_password_fail_with_a_clear_401_message()
    {
        using var temp = new TempDir();
        var (layout, _) = RegistryPullTests.WriteSample(temp);
        using var issuer = new TokenIssuer("tester", "right");
        using var registry = LocalRegistry.Start(issuer);
        registry.Push(layout, "private/image:1", credentials: "tester:right");
        string reference = $"docker://{registry.Host}/private/image:1";

        var wrong = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(reference,
            new ImageSourceOptions { Credentials = new RegistryCredentials("tester", "wrong"), DockerConfigPath = temp.File("none.json") }));
        Assert.Equal($"{reference}: the token service {new Uri(issuer.Realm).Authority} refused the credentials of 'tester' (401 Unauthorized)", wrong.Message);

        var anonymous = await Assert.ThrowsAsync<D2lException>(() => ImageSnapshots.OfAsync(reference,
            new ImageSourceOptions { DockerConfigPath = temp.File("none.json") }));
        Assert.StartsWith($"{reference}: the token service", anonymous.Message);
        Assert.Contains("401", anonymous.Message);
    }
}
