#!/usr/bin/env bash
# Builds the d2l container image (deploy/Containerfile) from this clone: publishes the native program
# into artifacts/linux-x64 and builds the image with buildah, as root or rootless.
#
# Usage: deploy/build-image.sh [-t IMAGE] [--base IMAGE] [--program FILE]
#   -t IMAGE        the image's name (default localhost/d2l:latest)
#   --base IMAGE    the Debian base (default debian:bookworm-slim)
#   --program FILE  a native d2l published already, named d2l (default: publish this clone first)
# Then push it, for example:
#   buildah push localhost/d2l:latest docker://registry.example/tools/d2l:1
#
# Needs: buildah; the .NET 10 SDK, gcc and zlib1g-dev unless --program is given.
set -euo pipefail

repo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
image=localhost/d2l:latest
base=debian:bookworm-slim
program=

usage() { sed -n '5,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case "$1" in
        -t) [[ $# -ge 2 ]] || usage; image="$2"; shift 2 ;;
        --base) [[ $# -ge 2 ]] || usage; base="$2"; shift 2 ;;
        --program) [[ $# -ge 2 ]] || usage; program="$2"; shift 2 ;;
        *) usage ;;
    esac
done

if [[ -z "$program" ]]; then
    dotnet publish "$repo_root/src/DockerToLinux.Cli" -c Release -r linux-x64 -nologo -v quiet \
        -o "$repo_root/artifacts/linux-x64" >&2
    program="$repo_root/artifacts/linux-x64/d2l"
fi
# The Containerfile copies `d2l` from the build context, which is the program's folder.
if [[ "$(basename "$program")" != d2l || ! -x "$program" ]]; then
    echo "build-image.sh: $program is not an executable named d2l" >&2
    exit 2
fi

# --layers keeps the runtime stage (the Debian packages) cached, so a new program only adds its own layer.
buildah bud --isolation chroot --layers --build-arg "BASE=$base" -f "$repo_root/deploy/Containerfile" \
    -t "$image" "$(dirname "$(readlink -f "$program")")" >&2
echo "$image"
