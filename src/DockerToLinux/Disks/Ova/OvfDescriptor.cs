using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace DockerToLinux.Disks.Ova;

/// <summary>The firmware an appliance's virtual machine boots the disk with.</summary>
internal enum OvfFirmware
{
    /// <summary>BIOS: an MBR disk, or a GPT disk with BIOS boot code and no EFI System Partition.</summary>
    Bios,

    /// <summary>UEFI: a GPT disk with an EFI System Partition.</summary>
    Efi,
}

/// <summary>
/// The OVF 1.0 descriptor (DMTF DSP0243 / DSP8023) of a one-disk appliance: the disk file, the disk, one
/// network, and a virtual system with its CPU, memory, a SATA AHCI controller, the disk on port 0 and a NIC.
/// The shape follows what VirtualBox's OVF reader requires (src/VBox/Main/xml/ovfreader.cpp:
/// <c>HandleDiskSection</c> wants diskId, format and capacity and a File with href for the fileRef;
/// <c>HandleVirtualSystemContent</c> wants memory in "byte * 2^20", a controller with an InstanceID, the
/// disk's Parent naming it and HostResource "ovf:/disk/ID"; <c>ResourceType</c> 20 is accepted with the
/// subtype "vmware.sata.ahci"), which is also VMware's name for the controller.
/// </summary>
internal static class OvfDescriptor
{
    /// <summary>The OVF 1.0 envelope namespace.</summary>
    public static readonly XNamespace Ovf = "http://schemas.dmtf.org/ovf/envelope/1";

    /// <summary>CIM resource allocation setting data: the elements of each hardware item.</summary>
    public static readonly XNamespace Rasd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData";

    /// <summary>CIM virtual system setting data: the System element.</summary>
    public static readonly XNamespace Vssd = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_VirtualSystemSettingData";

    /// <summary>VMware's extensions (the firmware setting and guest type).</summary>
    public static readonly XNamespace Vmw = "http://www.vmware.com/schema/ovf";

    /// <summary>The disk format URI for a streamOptimized VMDK.</summary>
    public const string StreamOptimizedFormat = "http://www.vmware.com/interfaces/specifications/vmdk.html#streamOptimized";

    /// <summary>Memory the appliance asks for, in MiB: what <c>d2l boot</c> gives a VM too.</summary>
    public const int MemoryMiB = 1024;

    /// <summary>Virtual CPUs the appliance asks for.</summary>
    public const int Cpus = 1;

    /// <summary>The descriptor for the appliance <paramref name="name"/>, whose disk file <paramref name="diskFile"/> holds <paramref name="capacity"/> bytes.</summary>
    public static byte[] Encode(string name, string diskFile, long diskFileSize, long capacity, OvfFirmware firmware)
    {
        XElement Item(params (string Name, object Value)[] values) =>
            // The CIM schema lists RASD elements as a sequence in alphabetical order.
            new(Ovf + "Item", values.OrderBy(v => v.Name, StringComparer.Ordinal).Select(v => new XElement(Rasd + v.Name, v.Value)));
        string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

        var hardware = new XElement(Ovf + "VirtualHardwareSection",
            new XElement(Ovf + "Info", "Virtual hardware requirements"),
            new XElement(Ovf + "System",
                new XElement(Vssd + "ElementName", "Virtual Hardware Family"),
                new XElement(Vssd + "InstanceID", "0"),
                new XElement(Vssd + "VirtualSystemIdentifier", name),
                // vmx-10 is the first VMware hardware version with SATA; VirtualBox ignores the type.
                new XElement(Vssd + "VirtualSystemType", "vmx-10")),
            Item(("Caption", $"{Cpus} virtual CPU"), ("Description", "Number of virtual CPUs"), ("ElementName", $"{Cpus} virtual CPU"),
                ("InstanceID", "1"), ("ResourceType", "3"), ("VirtualQuantity", Number(Cpus))),
            Item(("AllocationUnits", "byte * 2^20"), ("Caption", $"{MemoryMiB} MB of memory"), ("Description", "Memory Size"),
                ("ElementName", $"{MemoryMiB} MB of memory"), ("InstanceID", "2"), ("ResourceType", "4"), ("VirtualQuantity", Number(MemoryMiB))),
            Item(("Address", "0"), ("Caption", "sataController0"), ("Description", "SATA Controller"), ("ElementName", "sataController0"),
                ("InstanceID", "3"), ("ResourceSubType", "vmware.sata.ahci"), ("ResourceType", "20")),
            Item(("AddressOnParent", "0"), ("Caption", "disk1"), ("Description", "Disk Image"), ("ElementName", "disk1"),
                ("HostResource", "ovf:/disk/vmdisk1"), ("InstanceID", "4"), ("Parent", "3"), ("ResourceType", "17")),
            Item(("AutomaticAllocation", "true"), ("Caption", "Ethernet adapter on 'NAT'"), ("Connection", "NAT"), ("ElementName", "ethernet0"),
                ("InstanceID", "5"), ("ResourceSubType", "E1000"), ("ResourceType", "10")));
        if (firmware == OvfFirmware.Efi)
        {
            hardware.Add(new XElement(Vmw + "Config", new XAttribute(Ovf + "required", "false"), new XAttribute(Vmw + "key", "firmware"),
                new XAttribute(Vmw + "value", "efi")));
        }

        var envelope = new XElement(Ovf + "Envelope",
            new XAttribute(Ovf + "version", "1.0"),
            new XAttribute(XNamespace.Xml + "lang", "en-US"),
            new XAttribute("xmlns", Ovf.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "ovf", Ovf.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "rasd", Rasd.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "vssd", Vssd.NamespaceName),
            new XAttribute(XNamespace.Xmlns + "vmw", Vmw.NamespaceName),
            new XElement(Ovf + "References",
                new XElement(Ovf + "File", new XAttribute(Ovf + "href", diskFile), new XAttribute(Ovf + "id", "file1"),
                    new XAttribute(Ovf + "size", Number(diskFileSize)))),
            new XElement(Ovf + "DiskSection",
                new XElement(Ovf + "Info", "Virtual disk information"),
                new XElement(Ovf + "Disk", new XAttribute(Ovf + "capacity", Number(capacity)), new XAttribute(Ovf + "diskId", "vmdisk1"),
                    new XAttribute(Ovf + "fileRef", "file1"), new XAttribute(Ovf + "format", StreamOptimizedFormat))),
            new XElement(Ovf + "NetworkSection",
                new XElement(Ovf + "Info", "The list of logical networks"),
                new XElement(Ovf + "Network", new XAttribute(Ovf + "name", "NAT"), new XElement(Ovf + "Description", "The NAT network"))),
            new XElement(Ovf + "VirtualSystem", new XAttribute(Ovf + "id", name),
                new XElement(Ovf + "Info", "A virtual machine made by d2l"),
                new XElement(Ovf + "Name", name),
                new XElement(Ovf + "OperatingSystemSection", new XAttribute(Ovf + "id", "102"), new XAttribute(Vmw + "osType", "other26xLinux64Guest"),
                    new XElement(Ovf + "Info", "The kind of installed guest operating system"),
                    new XElement(Ovf + "Description", "Linux 2.6.x 64-Bit")),
                hardware));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), envelope);
        using var output = new MemoryStream();
        using (var writer = new StreamWriter(output, new UTF8Encoding(false)))
        {
            document.Save(writer, SaveOptions.None);
        }
        return output.ToArray();
    }
}
