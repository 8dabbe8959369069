using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// The images of the ready-to-use VM tests, built by <c>tests/fixtures/ready-vm.sh</c> without Docker; neither
/// configures a network. The recipe runs once per test run (it is cached across runs; the first build takes minutes).
/// </summary>
public static class ReadyVmImages
{
    /// <summary>Debian with its kernel, systemd, openssh-server (and the host keys its postinst made) and sudo.</summary>
    public const string SshOciArchive = "debian-ssh.oci.tar";

    /// <summary>Debian with its kernel, systemd, ifupdown and isc-dhcp-client, systemd-networkd not enabled.</summary>
    public const string IfupdownOciArchive = "debian-ifupdown.oci.tar";

    private static readonly Lazy<Task<string>> CacheFolder = new(() => Task.Run(() => FixtureScript.Run("ready-vm.sh")));

    /// <summary>The path of one of the archives, building them first when the cache has none.</summary>
    public static async Task<string> GetArchiveAsync(string name) => Path.Combine(await CacheFolder.Value, name);

    /// <summary>
    /// The last content the layers of the OCI archive <paramref name="archive"/> give <paramref name="path"/>
    /// (relative, such as <c>etc/hostname</c>), read with tar and jq alone.
    /// </summary>
    public static string ReadFromLayers(string archive, string path)
    {
        const string script = """
            set -euo pipefail
            archive="$1"; path="$2"; blobs="$(mktemp -d)"
            trap 'rm -rf "$blobs"' EXIT
            tar -C "$blobs" -xf "$archive"
            manifest="$(jq -r '.manifests[0].digest' "$blobs/index.json")"
            found=""
            for layer in $(jq -r '.layers[].digest' "$blobs/blobs/sha256/${manifest#sha256:}"); do
                if text="$(tar -xzOf "$blobs/blobs/sha256/${layer#sha256:}" --wildcards "*$path" 2>/dev/null)"; then
                    found="$text"
                fi
            done
            [ -n "$found" ] || { echo "no $path in $archive" >&2; exit 1; }
            printf '%s\n' "$found"
            """;
        return Tool.Run("bash", ["-c", script, "bash", archive, path], stdin: null).EnsureSuccess($"reading {path} from {archive}").StdOut.Trim();
    }
}
