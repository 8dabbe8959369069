using DockerToLinux.Pipeline;

namespace DockerToLinux.Tests.Pipeline;

/// <summary>The identifiers of one build: stable within a build, random across builds unless reproducible.</summary>
public sealed class BuildIdentityTests
{
    [Fact]
    public void A_random_build_gives_the_same_identifier_each_time_it_is_asked_and_another_build_gives_others()
    {
        var identity = BuildIdentity.Random();
        Assert.Null(identity.RootPasswordSaltSeed);
        Assert.Equal(identity.EspVolumeId, identity.EspVolumeId);
        Assert.Equal(identity.MbrDiskSignature, identity.MbrDiskSignature);
        Assert.Equal(identity.FilesystemUuid, identity.FilesystemUuid);
        Assert.NotEqual(identity.FilesystemUuid, identity.DirectoryHashSeed);
        Assert.NotEqual(identity.FilesystemUuid, BuildIdentity.Random().FilesystemUuid);
    }

    [Fact]
    public void A_reproducible_build_derives_the_same_identifiers_in_every_process()
    {
        var a = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);
        var b = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);
        byte[] salt = a.RootPasswordSaltSeed!;
        salt[0] ^= 0xFF; // the caller's copy is its own
        Assert.Equal(b.RootPasswordSaltSeed, a.RootPasswordSaltSeed);
        Assert.Equal(b.DiskStamp, a.DiskStamp);
        Assert.NotEqual(a.FilesystemUuid, BuildIdentity.Reproducible("sha256:abd", 1_700_000_000).FilesystemUuid);
    }

    // Computed outside d2l (Python's uuid.uuid5 and an RFC 5869 HKDF over the same names): a reproducible disk
    // keeps its identifiers from release to release only while these names stay the same.
    [Fact]
    public void Reproducible_identifiers_are_derived_from_the_image_digest_under_their_fixed_names()
    {
        var identity = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);
        Assert.Equal(new Guid("8df706b1-7ac0-5251-9582-66e6f4d50572"), identity.FilesystemUuid);
        Assert.Equal(new Guid("316b2c63-8275-5a9b-89a5-e3b8f48f3c83"), identity.DirectoryHashSeed);
        Assert.Equal(new Guid("25e03db3-4a3a-5713-aabe-37be3d4f23c2"), identity.DiskStamp.Uuid);
        Assert.Equal(new Guid("921e0e0d-a534-56da-8522-a7e836a74e4c"), identity.GptDiskGuid);
        Assert.Equal(new Guid("6f7f910e-f02b-58ff-a634-8bb88c799e43"), identity.RootPartitionGuid);
        Assert.Equal(0xE2808692u, identity.EspVolumeId);
        Assert.Equal(0xE29EE0CFu, identity.MbrDiskSignature);
        Assert.Equal(Convert.FromHexString("318939c30ca8b94b91b47c2f19afbc4a"), identity.RootPasswordSaltSeed);
    }

    [Fact]
    public void Users_passwords_are_salted_from_a_seed_of_their_own_in_a_reproducible_build_and_randomly_otherwise()
    {
        var identity = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);

        Assert.Equal(BuildIdentity.Reproducible("sha256:abc", 1).UserPasswordSaltSeed, identity.UserPasswordSaltSeed);
        Assert.NotEqual(identity.RootPasswordSaltSeed, identity.UserPasswordSaltSeed);
        Assert.Null(BuildIdentity.Random().UserPasswordSaltSeed);
    }
}
