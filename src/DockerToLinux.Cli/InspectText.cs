using System.Text;
using DockerToLinux.Inspect;
using DockerToLinux.Pipeline;

namespace DockerToLinux.Cli;

/// <summary>The human-readable form of an <see cref="ImageReport"/>.</summary>
internal static class InspectText
{
    public static string Format(ImageReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"Image:      {report.Name}");
        text.AppendLine($"Manifest:   {report.ManifestDigest}");
        text.AppendLine($"Config:     {report.ConfigDigest ?? "-"}");
        text.AppendLine($"Platform:   {report.Platform}");
        text.AppendLine($"Created:    {report.Created?.ToString("u") ?? "-"}");
        text.AppendLine($"User:       {report.User ?? "-"}");
        text.AppendLine($"Entrypoint: {Join(report.Entrypoint)}");
        text.AppendLine($"Cmd:        {Join(report.Cmd)}");
        text.AppendLine("Env:");
        foreach (string variable in report.Env)
        {
            text.AppendLine($"  {variable}");
        }
        text.AppendLine("History:");
        foreach (var step in report.History)
        {
            text.AppendLine($"  {step.Created?.ToString("u") ?? "-",-20} {(step.EmptyLayer ? "(no layer) " : "")}{step.CreatedBy}");
        }
        text.AppendLine("Layers:");
        for (int i = 0; i < report.Layers.Count; i++)
        {
            var layer = report.Layers[i];
            text.AppendLine($"  {i + 1}. {layer.Digest}");
            text.AppendLine($"     {ByteSize.Format(layer.CompressedSize)} stored, {ByteSize.Format(layer.UncompressedSize)} tar; "
                + $"{layer.FilesAdded} added, {layer.FilesChanged} changed, {layer.FilesDeleted} deleted; "
                + $"{ByteSize.Format(layer.WastedBytes)} wasted (hidden by later layers)");
            if (layer.CreatedBy is not null)
            {
                text.AppendLine($"     {layer.CreatedBy}");
            }
        }
        var verdict = report.Bootability;
        text.AppendLine($"Bootable:   {(verdict.Bootable ? "yes" : "no")}");
        text.AppendLine($"  kernel:      {verdict.Kernel ?? "missing"}");
        string noInitrd = verdict.KernelPairing?.Access?.Naming == Kernels.RootNaming.PartitionUuid ? "none (the kernel mounts the root itself)" : "missing";
        text.AppendLine($"  initramfs:   {verdict.Initrd ?? noInitrd}");
        string init = verdict.Init ?? (verdict.AppInit ? "d2l's app init, which runs the Entrypoint and Cmd (the image has no init of its own)" : "missing");
        text.AppendLine($"  init:        {init}");
        text.AppendLine($"  boot loader: {(verdict.BootloaderFiles is { } origin ? $"extlinux and mbr.bin from {origin}" : "missing")}");
        if (verdict.KernelPairing is { } pairing)
        {
            text.AppendLine($"  kernel image: {pairing.KernelImage}"
                + (pairing.Version is null ? "" : $", kernel {pairing.Version} ({pairing.Layout?.ToString() ?? "-"} layout)"));
            if (pairing.ModulesPath is not null)
            {
                text.AppendLine($"  modules:     {pairing.ModulesPath}");
            }
            if (pairing.Access is { } access)
            {
                text.AppendLine($"  root:        {KernelBuses.Describe(access)}");
            }
        }
        foreach (string item in verdict.Missing)
        {
            text.AppendLine($"  missing: {item}");
        }
        if (verdict.Advice is not null)
        {
            text.AppendLine($"  to fix: {verdict.Advice}");
        }
        return text.ToString();
    }

    private static string Join(IReadOnlyList<string>? parts) => parts is null ? "-" : string.Join(' ', parts);
}
