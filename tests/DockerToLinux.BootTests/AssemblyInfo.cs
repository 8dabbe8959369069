// The referees these tests run (e2fsck, debugfs, podman, qemu) exist on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Boots share two cores with everything else on the machine: one at a time keeps their timing sane.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
