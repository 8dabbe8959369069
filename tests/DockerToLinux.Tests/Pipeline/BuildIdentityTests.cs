using DockerToLinux.Pipeline;

namespace DockerToLinux.Tests.Pipeline;

/// <summary>The identifiers of one build: stable within a build, random across builds unless reproducible.</summary>
public sealed class BuildIdentityTests
{
    [Fact]
    public void A_random_build_gives_the_same_bytes_each_time_a_purpose_asks_and_different_bytes_for_other_purposes()
    {
        var identity = BuildIdentity.Random();
        byte[] first = identity.Bytes("esp-serial", 4);
        first[0] ^= 0xFF; // the caller's copy is its own
        Assert.Equal(identity.Bytes("esp-serial", 4), identity.Bytes("esp-serial", 4));
        Assert.NotEqual(first, identity.Bytes("esp-serial", 4));
        Assert.NotEqual(identity.Bytes("esp-serial", 16)[..4], identity.Bytes("other", 16)[..4]);
        Assert.NotEqual(identity.Bytes("salt", 16), BuildIdentity.Random().Bytes("salt", 16));
    }

    [Fact]
    public void A_reproducible_build_derives_the_same_bytes_in_every_process()
    {
        var a = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);
        var b = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);
        Assert.Equal(a.Bytes("salt", 16), b.Bytes("salt", 16));
        Assert.NotEqual(a.Bytes("salt", 16), BuildIdentity.Reproducible("sha256:abd", 1_700_000_000).Bytes("salt", 16));
    }
}
