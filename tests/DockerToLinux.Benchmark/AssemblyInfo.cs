// The benchmark drives Linux tools (mount, losetup, dockerd, docker-registry) and runs only on Linux.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
