namespace DockerToLinux.Benchmark;

/// <summary>
/// d2l's build beside the decompression it cannot avoid: .NET's decompress-only pass (the yardstick),
/// the same pass with d2l's own inflater, and that inflater on the largest layer alone. A gzip member is one
/// sequential stream, so the largest layer's inflate on one core is a floor no build goes below, and the
/// pass over every layer at once is one for the cores this machine has. The runs alternate, one of each in
/// turn, so that a load that changes during the benchmark weighs on every row alike.
/// </summary>
internal static class FloorRows
{
    /// <summary>Times the rows, adds them to <paramref name="report"/> and returns what the targets need.</summary>
    public static FloorFigures Run(string d2l, ImageArchive image, string work, int runs, Report report)
    {
        string disk = Path.Combine(work, "floor.img");
        string largest = image.LayerBlobs.MaxBy(blob => new FileInfo(blob).Length)!;
        string inflater = DecompressOnly.InflaterName;
        (string Name, Func<Sample> Run)[] kinds =
        [
            ("d2l build (raw, auto size, extlinux)", () => Shell.Timed($"{d2l} build oci-archive:{image.Archive} -o {disk}", before: $"rm -f {disk}")),
            (".NET GZipStream decompress only, all cores", () => DecompressOnly.DotNet(image.LayerBlobs)),
            ($"{inflater} decompress only (d2l's inflater and read-ahead), all cores", () => DecompressOnly.D2lInflater(image.LayerBlobs)),
            ($"floor: {inflater} inflate of the largest layer alone (one gzip stream: one core)", () => DecompressOnly.D2lInflater([largest])),
            // Right after this round's build, whose disk is still there: as many bytes as it allocated.
            ("device: the build's allocated bytes written into a new file (dd oflag=direct, 4 MiB at a time)", () => DirectWrite(disk, work)),
        ];
        var samples = kinds.Select(_ => new List<Sample>()).ToArray();
        for (int run = 0; run < runs; run++)
        {
            for (int kind = 0; kind < kinds.Length; kind++)
            {
                samples[kind].Add(kinds[kind].Run());
            }
        }
        File.Delete(disk);
        var medians = samples.Select(Sample.Median).ToArray();
        var (build, dotnet, everyLayer, largestAlone) = (medians[0], medians[1], medians[2], medians[3]);
        double floor = Math.Max(everyLayer.Seconds, largestAlone.Seconds);
        double cpu = samples[0].Select(sample => sample.CpuSeconds).Order().ElementAt(runs / 2);
        int cores = Environment.ProcessorCount;
        report.Row(kinds[0].Name, build, $"{build.Seconds / floor:0.00} x the floor; CPU time {cpu:0.00} s");
        report.Row(kinds[1].Name, dotnet);
        report.Row(kinds[2].Name, everyLayer);
        report.Row(kinds[3].Name, largestAlone);
        report.Row(kinds[4].Name, medians[4], "d2l writes file data directly, beside the decompression");
        report.Row($"d2l build's CPU time (user + system) / {cores} cores", new Sample(cpu / cores, double.NaN),
            "what the build would take if its work were spread evenly over the cores");
        string what = $"{inflater} decompressing the layers and nothing else, {floor:0.00} s";
        return new FloorFigures(build, dotnet, new Floor(floor / dotnet.Seconds, what), floor, what);
    }

    // What the device needs for the data a build writes: the same amount, in d2l's write size, one at a time.
    private static Sample DirectWrite(string disk, string work)
    {
        long mib = long.Parse(Shell.Run($"du -B1M {disk} | cut -f1").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        string file = Path.Combine(work, "direct.img");
        var sample = Shell.Timed($"dd if=/dev/zero of={file} bs=4M count={mib / 4} oflag=direct status=none", before: $"rm -f {file}");
        File.Delete(file);
        return sample;
    }
}

/// <summary>
/// The figures the targets are judged by: d2l's build, .NET's decompress-only pass, the ratio of the two a
/// build at the floor would reach, and the floor in seconds with what it is.
/// </summary>
internal readonly record struct FloorFigures(Sample Build, Sample DotNet, Floor DotNetRatioAtFloor, double FloorSeconds, string FloorWhat);
