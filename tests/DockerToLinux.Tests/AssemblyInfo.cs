// The referees these tests run (e2fsck, debugfs, podman, qemu) exist on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
