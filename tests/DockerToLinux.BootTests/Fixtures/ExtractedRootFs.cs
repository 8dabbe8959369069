using DockerToLinux.Tests.Support;

namespace DockerToLinux.BootTests.Fixtures;

/// <summary>
/// A docker-archive unpacked with tar alone (layers in order, whiteouts applied), then written to an
/// ext4 disk by <c>mkfs.ext4 -d</c>: a referee-built root filesystem, independent of the product.
/// </summary>
public static class ExtractedRootFs
{
    /// <summary>Unpacks <paramref name="dockerArchive"/> into <paramref name="folder"/>.</summary>
    public static void Unpack(string dockerArchive, string folder)
    {
        const string script = """
            set -euo pipefail
            archive="$1"; root="$2"; layers="$(mktemp -d)"
            trap 'rm -rf "$layers"' EXIT
            tar -C "$layers" -xf "$archive" manifest.json
            mkdir -p "$root"
            for layer in $(jq -r '.[0].Layers[]' "$layers/manifest.json"); do
                tar -C "$layers" -xf "$archive" "$layer"
                # A whiteout .wh.NAME deletes NAME from the layers below; .wh..wh..opq empties the folder.
                { tar -tf "$layers/$layer" | grep -E '(^|/)\.wh\.' || true; } | while read -r entry; do
                    dir="$(dirname "$entry")"; name="$(basename "$entry")"
                    if [[ "$name" == ".wh..wh..opq" ]]; then
                        [[ ! -d "$root/$dir" ]] || find "$root/$dir" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
                    else
                        rm -rf "${root:?}/$dir/${name#.wh.}"
                    fi
                done
                tar -C "$root" --numeric-owner --exclude='.wh.*' -xpf "$layers/$layer"
                rm -f "$layers/$layer"
            done
            """;
        Tool.Run("bash", ["-c", script, "unpack", dockerArchive, folder], stdin: null).EnsureSuccess("unpack " + dockerArchive);
    }

    /// <summary>Writes <paramref name="folder"/> as a whole-disk ext4 image (no partition table).</summary>
    public static void WriteExt4(string folder, string diskPath, long sizeMiB)
    {
        Tool.Run("mkfs.ext4", "-q", "-F", "-L", "d2l-test", "-d", folder, diskPath, $"{sizeMiB}M")
            .EnsureSuccess("mkfs.ext4 -d");
    }
}
