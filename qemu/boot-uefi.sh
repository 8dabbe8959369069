#!/usr/bin/env bash
# Boots a disk image under OVMF (UEFI, Secure Boot off) with the same command line as
# `d2l boot --firmware uefi` (src/DockerToLinux/Qemu/QemuCommandLine.cs).
#
#   qemu/boot-uefi.sh DISK [FORMAT]      FORMAT: raw (default), qcow2, vmdk, vpc, vdi, vhdx
#
# Needs Debian's ovmf package. OVMF keeps its variables (boot entries it finds) in the second
# flash; each run gets a fresh copy of the empty OVMF_VARS_4M.fd, deleted afterwards, so runs do
# not influence each other. Quit with Ctrl-C. TCG by default; D2L_ACCEL=kvm to try KVM.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DISK [FORMAT]" >&2
    exit 2
fi
disk="$1"
format="${2:-raw}"
code="${D2L_OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}"
vars_template="${D2L_OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}"
[[ -f "$disk" ]] || { echo "$disk: no such disk image" >&2; exit 2; }
[[ -f "$code" && -f "$vars_template" ]] || { echo "OVMF not found: apt-get install ovmf" >&2; exit 2; }

vars="$(mktemp /tmp/d2l-ovmf-vars.XXXXXX.fd)"
trap 'rm -f "$vars"' EXIT
cp "$vars_template" "$vars"

qemu-system-x86_64 \
    -accel "${D2L_ACCEL:-tcg}" \
    -m "${D2L_MEMORY_MIB:-1024}" \
    -smp "${D2L_CPUS:-1}" \
    -snapshot \
    -drive "file=${disk//,/,,},format=$format,if=virtio" \
    -display none \
    -serial stdio \
    -monitor none \
    -no-reboot \
    -drive "if=pflash,format=raw,unit=0,readonly=on,file=${code//,/,,}" \
    -drive "if=pflash,format=raw,unit=1,file=${vars//,/,,}" \
    -nic user,model=virtio-net-pci
