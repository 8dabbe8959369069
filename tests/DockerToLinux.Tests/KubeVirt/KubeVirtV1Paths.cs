namespace DockerToLinux.Tests.KubeVirt;

/// <summary>
/// The field paths of a KubeVirt v1 <c>VirtualMachine</c> that d2l may write, as KubeVirt's API types name them in
/// kubevirt/api at commit c3275b31894bb048f950e10ee31218ff5ba45c3f (<c>core/v1/types.go</c>, <c>core/v1/schema.go</c>;
/// <c>metav1</c> and <c>k8s.io/api/core/v1</c> for the object metadata and the resource list). <c>[]</c> stands for
/// the items of a list. Each path carries the Go struct and field whose JSON tag it is.
/// </summary>
public static class KubeVirtV1Paths
{
    /// <summary>Path → the Go field (Struct.Field `json:"tag"`) it comes from.</summary>
    public static IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["apiVersion"] = "metav1.TypeMeta.APIVersion `json:\"apiVersion,omitempty\"` (inline in VirtualMachine)",
        ["kind"] = "metav1.TypeMeta.Kind `json:\"kind,omitempty\"` (inline in VirtualMachine)",
        ["metadata"] = "VirtualMachine.ObjectMeta `json:\"metadata,omitempty\"`",
        ["metadata.name"] = "metav1.ObjectMeta.Name `json:\"name,omitempty\"`",
        ["spec"] = "VirtualMachine.Spec `json:\"spec\"`",
        ["spec.runStrategy"] = "VirtualMachineSpec.RunStrategy `json:\"runStrategy,omitempty\"`",
        ["spec.template"] = "VirtualMachineSpec.Template `json:\"template\"`",
        ["spec.template.spec"] = "VirtualMachineInstanceTemplateSpec.Spec `json:\"spec,omitempty\"`",
        ["spec.template.spec.domain"] = "VirtualMachineInstanceSpec.Domain `json:\"domain\"`",
        ["spec.template.spec.domain.cpu"] = "DomainSpec.CPU `json:\"cpu,omitempty\"`",
        ["spec.template.spec.domain.cpu.cores"] = "CPU.Cores `json:\"cores,omitempty\"`",
        ["spec.template.spec.domain.resources"] = "DomainSpec.Resources `json:\"resources,omitempty\"`",
        ["spec.template.spec.domain.resources.requests"] = "ResourceRequirements.Requests `json:\"requests,omitempty\"`",
        ["spec.template.spec.domain.resources.requests.memory"] = "v1.ResourceList key v1.ResourceMemory (\"memory\")",
        ["spec.template.spec.domain.devices"] = "DomainSpec.Devices `json:\"devices\"`",
        ["spec.template.spec.domain.devices.autoattachSerialConsole"] = "Devices.AutoattachSerialConsole `json:\"autoattachSerialConsole,omitempty\"`",
        ["spec.template.spec.domain.devices.disks"] = "Devices.Disks `json:\"disks,omitempty\"`",
        ["spec.template.spec.domain.devices.disks[].name"] = "Disk.Name `json:\"name\"`",
        ["spec.template.spec.domain.devices.disks[].disk"] = "DiskDevice.Disk `json:\"disk,omitempty\"` (DiskDevice inline in Disk)",
        ["spec.template.spec.domain.devices.disks[].disk.bus"] = "DiskTarget.Bus `json:\"bus,omitempty\"`",
        ["spec.template.spec.volumes"] = "VirtualMachineInstanceSpec.Volumes `json:\"volumes,omitempty\"`",
        ["spec.template.spec.volumes[].name"] = "Volume.Name `json:\"name\"`",
        ["spec.template.spec.volumes[].containerDisk"] = "VolumeSource.ContainerDisk `json:\"containerDisk,omitempty\"` (VolumeSource inline in Volume)",
        ["spec.template.spec.volumes[].containerDisk.image"] = "ContainerDiskSource.Image `json:\"image\"`",
        ["spec.template.spec.volumes[].cloudInitNoCloud"] = "VolumeSource.CloudInitNoCloud `json:\"cloudInitNoCloud,omitempty\"`",
        ["spec.template.spec.volumes[].cloudInitNoCloud.userData"] = "CloudInitNoCloudSource.UserData `json:\"userData,omitempty\"`",
    };

    /// <summary>The values of <c>VirtualMachineRunStrategy</c> (types.go) other than the empty RunStrategyUnknown.</summary>
    public static IReadOnlyList<string> RunStrategies { get; } = ["Always", "Halted", "Manual", "RerunOnFailure", "Once", "WaitAsReceiver"];

    /// <summary>The values of <c>DiskBus</c> (schema.go: DiskBusSCSI, DiskBusSATA, DiskBusVirtio, DiskBusUSB).</summary>
    public static IReadOnlyList<string> DiskBuses { get; } = ["scsi", "sata", "virtio", "usb"];
}
