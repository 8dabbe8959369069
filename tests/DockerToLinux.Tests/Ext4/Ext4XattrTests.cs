using System.Text;

namespace DockerToLinux.Tests.Ext4;

public class Ext4XattrTests
{
    // A v2 capability: effective, cap_net_bind_service (bit 10) permitted.
    private static readonly byte[] Capability = [0x01, 0, 0, 0x02, 0, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    [Fact]
    public async Task A_small_xattr_stays_in_the_inode()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "ping", "x"u8.ToArray());
            node.Xattrs["security.capability"] = Capability;
        });
        image.AssertClean();
        Assert.Contains("File ACL: 0", image.Debugfs("stat /ping"));
        Assert.Contains("Blockcount: 8", image.Debugfs("stat /ping"));
        Assert.Contains("security.capability", image.Debugfs("ea_list /ping"));
        string value = image.Debugfs("ea_get -x /ping security.capability");
        Assert.Contains("01 00 00 02 00 04", value);
    }

    [Fact]
    public async Task Xattrs_that_do_not_fit_in_the_inode_spill_into_a_block()
    {
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "labelled", "x"u8.ToArray());
            node.Xattrs["security.capability"] = Capability;
            node.Xattrs["user.comment"] = Encoding.ASCII.GetBytes(new string('c', 300));
            node.Xattrs["trusted.overlay.opaque"] = "y"u8.ToArray();
            node.Xattrs["user.\u00e9t\u00e9"] = "summer"u8.ToArray();
            node.Xattrs["security.selinux"] = "system_u:object_r:bin_t:s0\0"u8.ToArray();
        });
        image.AssertClean();
        string stat = image.Debugfs("stat /labelled");
        Assert.DoesNotContain("File ACL: 0\n", stat);
        Assert.Contains("Blockcount: 16", stat);
        string list = image.Debugfs("ea_list /labelled");
        foreach (string name in new[] { "security.capability", "user.comment", "trusted.overlay.opaque", "security.selinux" })
        {
            Assert.Contains(name, list);
        }
        Assert.Contains(new string('c', 300), image.Debugfs("ea_get /labelled user.comment"));
        Assert.Contains("summer", image.Debugfs("ea_get /labelled user.\u00e9t\u00e9"));
    }

    [Fact]
    public async Task A_posix_acl_is_stored_in_ext4_disk_form()
    {
        // VFS form: version 2; user::rwx, user:1000:r-x, group::r-x, mask::r-x, other::r-x.
        byte[] acl =
        [
            2, 0, 0, 0,
            0x01, 0, 7, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            0x02, 0, 5, 0, 0xE8, 0x03, 0, 0,
            0x04, 0, 5, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            0x10, 0, 5, 0, 0xFF, 0xFF, 0xFF, 0xFF,
            0x20, 0, 5, 0, 0xFF, 0xFF, 0xFF, 0xFF,
        ];
        using var image = await Ext4TestImage.BuildAsync(async (builder, tree) =>
        {
            var node = await Ext4TestImage.AddFileAsync(builder, tree, "shared", "x"u8.ToArray());
            node.Xattrs["system.posix_acl_access"] = acl;
        });
        image.AssertClean();
        // e2fsprogs converts the disk form (version 1, 28 bytes here) back to the 44-byte VFS form when
        // reading; it refuses values that are not in disk form.
        string value = image.Debugfs("ea_get -x /shared system.posix_acl_access");
        Assert.Contains("(44)", value);
        Assert.Contains("02 00 05 00 e8 03 00 00", value);
        Assert.Contains("Blockcount: 8", image.Debugfs("stat /shared"));
        byte[] diskForm = [1, 0, 0, 0, 0x01, 0, 7, 0, 0x02, 0, 5, 0, 0xE8, 0x03, 0, 0, 0x04, 0, 5, 0, 0x10, 0, 5, 0, 0x20, 0, 5, 0];
        Assert.True(File.ReadAllBytes(image.Path).AsSpan().IndexOf(diskForm) >= 0);
    }
}
