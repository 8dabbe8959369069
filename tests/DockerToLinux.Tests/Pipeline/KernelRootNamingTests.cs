using DockerToLinux.Pipeline;

namespace DockerToLinux.Tests.Pipeline;

public class KernelRootNamingTests
{
    private static readonly BuildIdentity Identity = BuildIdentity.Reproducible("sha256:abc", "sha256:def", 1_700_000_000);

    [Fact]
    public void On_MBR_the_root_partition_is_named_by_the_disk_signature_in_hex_and_partition_number_one()
    {
        var layout = DiskLayout.For(Bootloader.Extlinux, PartitionTable.Mbr);

        Assert.Equal($"{Identity.MbrDiskSignature:x8}-01", DiskBoot.RootPartitionUuid(layout, Identity));
    }

    [Fact]
    public void On_GPT_the_root_partition_is_named_by_its_unique_guid()
    {
        var layout = DiskLayout.For(Bootloader.Uefi, PartitionTable.Gpt);

        Assert.Equal(Identity.RootPartitionGuid.ToString("D"), DiskBoot.RootPartitionUuid(layout, Identity));
    }

    [Fact]
    public void A_kernel_image_digest_changes_the_reproducible_identifiers_and_without_one_they_are_the_images_alone()
    {
        var alone = BuildIdentity.Reproducible("sha256:abc", 1_700_000_000);

        Assert.Equal(alone.FilesystemUuid, BuildIdentity.Reproducible("sha256:abc", null, 1_700_000_000).FilesystemUuid);
        Assert.NotEqual(alone.FilesystemUuid, Identity.FilesystemUuid);
        Assert.Equal(Identity.MbrDiskSignature, BuildIdentity.Reproducible("sha256:abc", "sha256:def", 1_700_000_000).MbrDiskSignature);
    }
}
