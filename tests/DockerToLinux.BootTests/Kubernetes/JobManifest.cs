using System.Text.Json;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Kubernetes;

/// <summary>
/// The settings of deploy/d2l-job.yaml that decide how its pod runs d2l, read with Debian's PyYAML (a YAML
/// reader independent of this project): its one container's security settings merged over the pod's, its
/// arguments and environment, and where its emptyDir and its registry Secret's config.json are mounted.
/// </summary>
public sealed class JobManifest
{
    private JobManifest(JsonElement pod)
    {
        var container = pod.GetProperty("containers").EnumerateArray().Single();
        var podSecurity = pod.GetProperty("securityContext");
        var containerSecurity = container.GetProperty("securityContext");
        JsonElement Security(string name) =>
            containerSecurity.TryGetProperty(name, out var value) ? value : podSecurity.GetProperty(name);

        RunAsUser = Security("runAsUser").GetInt32();
        RunAsGroup = Security("runAsGroup").GetInt32();
        RunAsNonRoot = Security("runAsNonRoot").GetBoolean();
        SeccompProfile = Security("seccompProfile").GetProperty("type").GetString()!;
        AllowPrivilegeEscalation = containerSecurity.GetProperty("allowPrivilegeEscalation").GetBoolean();
        ReadOnlyRootFilesystem = containerSecurity.GetProperty("readOnlyRootFilesystem").GetBoolean();
        DroppedCapabilities = [.. containerSecurity.GetProperty("capabilities").GetProperty("drop").EnumerateArray().Select(cap => cap.GetString()!)];
        Args = [.. container.GetProperty("args").EnumerateArray().Select(arg => arg.GetString()!)];
        Environment = [.. container.GetProperty("env").EnumerateArray()
            .Select(entry => $"{entry.GetProperty("name").GetString()}={entry.GetProperty("value").GetString()}")];

        var volumes = pod.GetProperty("volumes").EnumerateArray().ToList();
        var mounts = container.GetProperty("volumeMounts").EnumerateArray().ToList();
        string MountOf(JsonElement volume) =>
            mounts.Single(mount => mount.GetProperty("name").GetString() == volume.GetProperty("name").GetString()).GetProperty("mountPath").GetString()!;
        ScratchMount = MountOf(volumes.Single(volume => volume.TryGetProperty("emptyDir", out _)));
        var secret = volumes.Single(volume => volume.TryGetProperty("secret", out _));
        SecretMount = MountOf(secret);
        SecretFile = secret.GetProperty("secret").GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("key").GetString() == ".dockerconfigjson").GetProperty("path").GetString()!;
    }

    /// <summary>The user the container runs as.</summary>
    public int RunAsUser { get; }

    /// <summary>The group the container runs as.</summary>
    public int RunAsGroup { get; }

    /// <summary><c>runAsNonRoot</c>.</summary>
    public bool RunAsNonRoot { get; }

    /// <summary>The seccomp profile's type.</summary>
    public string SeccompProfile { get; }

    /// <summary><c>allowPrivilegeEscalation</c>.</summary>
    public bool AllowPrivilegeEscalation { get; }

    /// <summary><c>readOnlyRootFilesystem</c>.</summary>
    public bool ReadOnlyRootFilesystem { get; }

    /// <summary>The capabilities dropped.</summary>
    public IReadOnlyList<string> DroppedCapabilities { get; }

    /// <summary>The container's arguments (after the image's entrypoint).</summary>
    public IReadOnlyList<string> Args { get; }

    /// <summary>The container's environment as NAME=VALUE.</summary>
    public IReadOnlyList<string> Environment { get; }

    /// <summary>Where the emptyDir is mounted.</summary>
    public string ScratchMount { get; }

    /// <summary>Where the registry Secret is mounted.</summary>
    public string SecretMount { get; }

    /// <summary>The file name the Secret's <c>.dockerconfigjson</c> gets in its folder.</summary>
    public string SecretFile { get; }

    /// <summary>Reads the Job at <paramref name="path"/>.</summary>
    public static JobManifest Read(string path)
    {
        string json = Tool.Run("/usr/bin/python3", ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
            stdin: File.ReadAllText(path)).EnsureSuccess("PyYAML").StdOut;
        using var document = JsonDocument.Parse(json);
        Assert.Equal("Job", document.RootElement.GetProperty("kind").GetString());
        return new JobManifest(document.RootElement.GetProperty("spec").GetProperty("template").GetProperty("spec").Clone());
    }
}
