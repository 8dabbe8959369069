using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using DockerToLinux.Disks;
using DockerToLinux.Tests.Disks.VendorRules;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Disks;

/// <summary>
/// An OVA read back: the tar in OVF 1.0 package order, the manifest's SHA-256 lines, the descriptor against
/// the DMTF OVF 1.0 element names and what VirtualBox's OVF reader requires (src/VBox/Main/xml/ovfreader.cpp),
/// and the VMDK inside judged by qemu-img.
/// </summary>
public sealed class OvaTests : IDisposable
{
    private static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";
    private static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";
    private static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";
    private readonly TempDir _temp = new();

    [Fact]
    public async Task The_package_holds_descriptor_disk_and_manifest_in_that_order_with_matching_sha256_lines()
    {
        var entries = Entries(await BuildAsync());

        Assert.Equal(["app.ovf", "app-disk1.vmdk", "app.mf"], entries.Keys.ToArray());
        string manifest = Encoding.ASCII.GetString(entries["app.mf"]);
        Assert.Equal($"SHA256(app.ovf)= {Sha(entries["app.ovf"])}\nSHA256(app-disk1.vmdk)= {Sha(entries["app-disk1.vmdk"])}\n", manifest);
    }

    [Fact]
    public async Task The_disk_inside_is_a_clean_streamOptimized_vmdk_identical_to_the_raw_build()
    {
        var entries = Entries(await BuildAsync());
        string vmdk = _temp.File("extracted.vmdk");
        File.WriteAllBytes(vmdk, entries["app-disk1.vmdk"]);

        Tool.Run("qemu-img", "check", "-f", "vmdk", vmdk).EnsureSuccess("qemu-img check");
        Assert.Contains("create type: streamOptimized", Tool.Run("qemu-img", "info", "-f", "vmdk", vmdk).StdOut);
        Tool.Run("qemu-img", "compare", "-f", "raw", "-F", "vmdk", await VendorTestDisks.RawAsync(), vmdk).EnsureSuccess("qemu-img compare");
    }

    [Fact]
    public async Task The_descriptor_uses_OVF_1_0_names_and_gives_VirtualBoxs_reader_everything_it_requires()
    {
        var entries = Entries(await BuildAsync());
        var envelope = XDocument.Parse(Encoding.UTF8.GetString(entries["app.ovf"])).Root!;

        Assert.Equal(Ovf + "Envelope", envelope.Name);
        Assert.Equal("1.0", (string?)envelope.Attribute(Ovf + "version"));
        Assert.Equal([Ovf + "References", Ovf + "DiskSection", Ovf + "NetworkSection", Ovf + "VirtualSystem"], envelope.Elements().Select(e => e.Name));
        // Every section starts with its Info (DSP8023, Section_Type).
        Assert.All(envelope.Descendants().Where(e => e.Name.LocalName.EndsWith("Section", StringComparison.Ordinal)),
            section => Assert.Equal(Ovf + "Info", section.Elements().First().Name));
        var file = Assert.Single(envelope.Element(Ovf + "References")!.Elements(Ovf + "File"));
        Assert.Equal("app-disk1.vmdk", (string?)file.Attribute(Ovf + "href"));
        Assert.Equal(entries["app-disk1.vmdk"].Length, (long)file.Attribute(Ovf + "size")!);
        // HandleDiskSection: diskId, format and capacity, and a File for the fileRef.
        var disk = Assert.Single(envelope.Element(Ovf + "DiskSection")!.Elements(Ovf + "Disk"));
        Assert.Equal((string?)file.Attribute(Ovf + "id"), (string?)disk.Attribute(Ovf + "fileRef"));
        Assert.Equal("http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized", (string?)disk.Attribute(Ovf + "format"));
        Assert.Equal(new FileInfo(await VendorTestDisks.RawAsync()).Length, (long)disk.Attribute(Ovf + "capacity")!);

        var system = envelope.Element(Ovf + "VirtualSystem")!;
        Assert.Equal("app", (string?)system.Attribute(Ovf + "id"));
        Assert.Equal(102, (int)system.Element(Ovf + "OperatingSystemSection")!.Attribute(Ovf + "id")!);
        var items = system.Element(Ovf + "VirtualHardwareSection")!.Elements(Ovf + "Item").ToList();
        Assert.All(items, item =>
        {
            var names = item.Elements().Select(e => e.Name.LocalName).ToList();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            Assert.All(item.Elements(), e => Assert.Equal(Rasd, e.Name.Namespace));
            Assert.NotNull(item.Element(Rasd + "InstanceID"));
        });
        Assert.Equal(items.Count, items.Select(i => (string?)i.Element(Rasd + "InstanceID")).Distinct().Count());
        XElement Of(int type) => Assert.Single(items, i => (int)i.Element(Rasd + "ResourceType")! == type);
        Assert.Equal(1, (int)Of(3).Element(Rasd + "VirtualQuantity")!);
        Assert.Contains((string?)Of(4).Element(Rasd + "AllocationUnits"), new[] { "MegaBytes", "MB", "byte * 2^20" });
        Assert.Equal(1024, (int)Of(4).Element(Rasd + "VirtualQuantity")!);
        var controller = Of(20);
        Assert.Contains((string?)controller.Element(Rasd + "ResourceSubType"), new[] { "AHCI", "vmware.sata.ahci" });
        var diskItem = Of(17);
        Assert.Equal((string?)controller.Element(Rasd + "InstanceID"), (string?)diskItem.Element(Rasd + "Parent"));
        Assert.Equal($"ovf:/disk/{(string?)disk.Attribute(Ovf + "diskId")}", (string?)diskItem.Element(Rasd + "HostResource"));
        Assert.Empty(system.Descendants(Vmw + "Config"));
    }

    [Fact]
    public async Task A_disk_with_an_EFI_System_Partition_asks_for_efi_firmware()
    {
        string path = _temp.File("efi.ova");
        await using (var target = DiskTargets.Create(DiskFormat.Ova, path, 64L << 20, FormatCase.Stamp, "efi.ova"))
        {
            var mbr = new byte[512];
            mbr[446 + 4] = 0xEE;
            mbr[510] = 0x55;
            mbr[511] = 0xAA;
            var header = new byte[512];
            "EFI PART"u8.CopyTo(header);
            BitConverter.TryWriteBytes(header.AsSpan(72), 2L);
            BitConverter.TryWriteBytes(header.AsSpan(80), 128);
            BitConverter.TryWriteBytes(header.AsSpan(84), 128);
            var entries = new byte[128 * 128];
            new Guid("C12A7328-F81F-11D2-BA4B-00A0C93EC93B").TryWriteBytes(entries.AsSpan(128));
            await target.WriteAsync(0, mbr, CancellationToken.None);
            await target.WriteAsync(512, header, CancellationToken.None);
            await target.WriteAsync(1024, entries, CancellationToken.None);
            await target.CompleteAsync(16L << 20, CancellationToken.None);
        }

        var envelope = XDocument.Parse(Encoding.UTF8.GetString(Entries(path)["efi.ovf"])).Root!;

        var config = Assert.Single(envelope.Descendants(Vmw + "Config"));
        Assert.Equal("firmware", (string?)config.Attribute(Vmw + "key"));
        Assert.Equal("efi", (string?)config.Attribute(Vmw + "value"));
        Assert.Equal(["efi.ovf", "efi-disk1.vmdk", "efi.mf"], Entries(path).Keys);
        Assert.Equal(["efi.ova"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_same_image_gives_a_byte_identical_package()
    {
        string first = await BuildAsync(), second = Path.Combine(_temp.Path, "again", "app.ova");
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);

        await VendorTestDisks.BuildAsync(DiskFormat.Ova, second);

        Tool.Run("cmp", first, second).EnsureSuccess("cmp of two builds");
    }

    private async Task<string> BuildAsync()
    {
        string path = _temp.File("app.ova");
        if (!File.Exists(path))
        {
            await VendorTestDisks.BuildAsync(DiskFormat.Ova, path);
        }
        return path;
    }

    private static Dictionary<string, byte[]> Entries(string ova)
    {
        var entries = new Dictionary<string, byte[]>();
        using var reader = new TarReader(File.OpenRead(ova));
        while (reader.GetNextEntry() is { } entry)
        {
            Assert.Equal(TarEntryFormat.Ustar, entry.Format);
            using var data = new MemoryStream();
            entry.DataStream?.CopyTo(data);
            entries.Add(entry.Name, data.ToArray());
        }
        return entries;
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public void Dispose() => _temp.Dispose();
}
