#!/usr/bin/env bash
# Boots a disk image under SeaBIOS with the same command line as d2l's boot check
# (src/DockerToLinux/Qemu/QemuCommandLine.cs), so a person can watch or log in by hand.
#
#   qemu/boot-bios.sh DISK [FORMAT]      FORMAT: raw (default), qcow2, vmdk, vpc, vdi, vhdx
#
# The serial console is this terminal; quit with Ctrl-C (there is no monitor on stdio, so no
# Ctrl-A escapes). -snapshot keeps the image unmodified. TCG by default, because in nested VMs
# KVM can fail once the boot loader enters protected mode ("KVM internal error. Suberror: 1");
# set D2L_ACCEL=kvm to try KVM. SeaBIOS's own messages ("No bootable device.") go to
# ${D2L_FIRMWARE_LOG:-/tmp/d2l-seabios.log}.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
    echo "usage: $0 DISK [FORMAT]" >&2
    exit 2
fi
disk="$1"
format="${2:-raw}"
[[ -f "$disk" ]] || { echo "$disk: no such disk image" >&2; exit 2; }

exec qemu-system-x86_64 \
    -accel "${D2L_ACCEL:-tcg}" \
    -m "${D2L_MEMORY_MIB:-1024}" \
    -smp "${D2L_CPUS:-1}" \
    -snapshot \
    -drive "file=${disk//,/,,},format=$format,if=virtio" \
    -display none \
    -serial stdio \
    -monitor none \
    -no-reboot \
    -boot strict=on,reboot-timeout=0 \
    -debugcon "file:${D2L_FIRMWARE_LOG:-/tmp/d2l-seabios.log}" \
    -global isa-debugcon.iobase=0x402 \
    -nic user,model=virtio-net-pci
