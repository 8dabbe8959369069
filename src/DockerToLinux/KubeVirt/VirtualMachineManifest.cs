namespace DockerToLinux.KubeVirt;

/// <summary>
/// A KubeVirt <c>VirtualMachine</c> (kubevirt.io/v1) that boots a pushed containerDisk. Field names are those of
/// KubeVirt's v1 API types (<c>core/v1/types.go</c> and <c>schema.go</c> of kubevirt/api at commit
/// c3275b31894bb048f950e10ee31218ff5ba45c3f); the unit tests hold every path written here against them.
/// </summary>
internal static class VirtualMachineManifest
{
    private const string RootDisk = "containerdisk";
    private const string CloudInitDisk = "cloudinitdisk";

    /// <summary>The manifest's YAML.</summary>
    /// <param name="settings">Name, memory, CPUs and users, already checked.</param>
    /// <param name="image">
    /// The containerDisk as <c>HOST/REPO@sha256:…</c>: pinned by the manifest digest d2l pushed, because a tag can
    /// move, and a VM that restarts on another node would then boot another disk than the one this manifest was made for.
    /// </param>
    /// <param name="bus">KubeVirt's disk bus (see <see cref="KubeVirtDiskBus"/>).</param>
    public static string Render(VirtualMachineSettings settings, string image, string bus)
    {
        bool cloudInit = settings.Users.Any(user => user.SshKeys.Count > 0);
        var disks = new List<YamlNode> { Disk(RootDisk, bus) };
        var volumes = new List<YamlNode> { YamlMapping.Of(("name", new YamlText(RootDisk)), ("containerDisk", YamlMapping.Of(("image", new YamlText(image))))) };
        if (cloudInit)
        {
            disks.Add(Disk(CloudInitDisk, bus));
            volumes.Add(YamlMapping.Of(
                ("name", new YamlText(CloudInitDisk)),
                ("cloudInitNoCloud", YamlMapping.Of(("userData", new YamlText(CloudInitUserData.For(
                    [.. settings.Users.Where(user => user.SshKeys.Count > 0)])))))));
        }
        var domain = YamlMapping.Of(
            ("cpu", YamlMapping.Of(("cores", YamlToken.Of(settings.Cpus)))),
            ("resources", YamlMapping.Of(("requests", YamlMapping.Of(("memory", new YamlText(settings.Memory)))))),
            ("devices", YamlMapping.Of(
                ("autoattachSerialConsole", YamlToken.Of(true)),
                ("disks", new YamlSequence(disks)))));
        return YamlWriter.Write(YamlMapping.Of(
            ("apiVersion", new YamlText("kubevirt.io/v1")),
            ("kind", new YamlText("VirtualMachine")),
            ("metadata", YamlMapping.Of(("name", new YamlText(settings.Name ?? VirtualMachineNames.FromImage(image))))),
            ("spec", YamlMapping.Of(
                // Always: the VM starts when the manifest is applied and is started again whenever it stops, as a
                // Deployment's pods are; virtctl stop/start still work, since they change the strategy.
                ("runStrategy", new YamlText("Always")),
                ("template", YamlMapping.Of(("spec", YamlMapping.Of(
                    ("domain", domain),
                    ("volumes", new YamlSequence(volumes))))))))));
    }

    private static YamlMapping Disk(string name, string bus) =>
        YamlMapping.Of(("name", new YamlText(name)), ("disk", YamlMapping.Of(("bus", new YamlText(bus)))));
}
