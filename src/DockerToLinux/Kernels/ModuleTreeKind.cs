namespace DockerToLinux.Kernels;

/// <summary>Whether a kernel's modules are files in the kernel image's tree or members of a tar in it.</summary>
public enum ModuleTreeKind
{
    /// <summary>A directory of the kernel image, such as <c>/usr/lib/modules/V</c>.</summary>
    Directory,

    /// <summary>Members of a tar file in the kernel image (LinuxKit's <c>/kernel.tar</c>).</summary>
    Tar,
}
