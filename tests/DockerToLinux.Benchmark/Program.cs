using System.Globalization;

namespace DockerToLinux.Benchmark;

/// <summary>
/// The benchmark: d2l against GNU gzip, decompress-only passes and the floor they set
/// (<see cref="FloorRows"/>), the classic recipe and mke2fs -d, on the Debian template, in one run; then how
/// d2l's cost grows with size, its peak memory, sparseness and reproducibility; and the same image pulled from a
/// registry (<see cref="RegistryRows"/>) and read from a Docker engine (<see cref="EngineRow"/>). Exits 1 when
/// a target is missed that a measured floor does not put out of reach.
/// Usage: dotnet run -c Release --project tests/DockerToLinux.Benchmark
/// [-- --runs 3 --sizes 256M,1G,2G,4G --output results.md --only sources|floor].
/// </summary>
internal static class Program
{
    private static int _runs = 3;

    public static int Main(string[] args)
    {
        var sizes = new List<long> { 256L << 20, 1L << 30, 2L << 30, 4L << 30 };
        string? output = null;
        string? only = null;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--runs": _runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--sizes": sizes = args[++i].Split(',').Select(s => Pipeline.ByteSize.Parse(s, "--sizes")).ToList(); break;
                case "--output": output = args[++i]; break;
                case "--only" when i + 1 < args.Length && args[i + 1] is "sources" or "floor": only = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var report = new Report();
        string work = Directory.CreateTempSubdirectory("d2l-bench-").FullName;
        try
        {
            Run(work, sizes, only, report);
        }
        finally
        {
            Shell.Run($"umount {work}/mnt 2>/dev/null; rm -rf {Shell.Quote(work)}");
        }
        string text = report.ToMarkdown();
        Console.WriteLine(text);
        if (output is not null)
        {
            File.WriteAllText(output, text);
        }
        return report.AllTargetsMet ? 0 : 1;
    }

    private static void Run(string work, List<long> sizes, string? only, Report report)
    {
        string repo = FindRepository();
        string d2l = PublishNative(repo);
        string fixtures = Shell.Run($"bash {repo}/tests/fixtures/debian-template.sh").Trim().Split('\n')[^1];
        var image = ImageArchive.Unpack(Path.Combine(fixtures, "debian-template.oci.tar"), Path.Combine(work, "layout"));
        image.WarmCache();
        report.Note($"image: Debian template, {image.LayerBlobs.Count} layers, {Mib(image.LayerBlobs.Sum(b => new FileInfo(b).Length))} MiB compressed; "
            + $"{Environment.ProcessorCount} cores; median of {_runs} runs, warm page cache, no fsync");

        if (only == "sources")
        {
            RegistryRows.Run(d2l, image, work, _runs, report);
            EngineRow.Run(d2l, image.Archive, Path.Combine(fixtures, "debian-template.docker.tar"), work, _runs, report);
            return;
        }
        string disk = Path.Combine(work, "d2l.img");
        string inflater = Shell.Run($"rm -f {disk}; {d2l} build --verbose oci-archive:{image.Archive} -o {disk} 2>&1 | grep -m1 'inflated by' || true");
        report.Note($"d2l: {inflater.Trim().Replace("d2l: ", "")}");
        var floor = FloorRows.Run(d2l, image, work, _runs, report);
        var d2lRun = floor.Build;
        report.Target("d2l / .NET decompress-only <= 1.2", d2lRun.Seconds / floor.DotNet.Seconds, 1.2, floor: floor.DotNetRatioAtFloor);
        if (only == "floor")
        {
            return;
        }
        var zlibRun = Median(() => Shell.Timed($"D2L_ISAL=0 {d2l} build oci-archive:{image.Archive} -o {disk}", before: $"rm -f {disk}"));
        var gzip = Median(() => Shell.Timed(string.Join("; ", image.LayerBlobs.Select(b => $"gzip -dc {b} > /dev/null"))));
        report.Row("d2l build with ISA-L turned off (D2L_ISAL=0: .NET's zlib-ng inflates)", zlibRun);
        report.Row("GNU gzip -dc of the layer blobs", gzip);
        report.Target("d2l / gzip -dc <= 0.5", d2lRun.Seconds / gzip.Seconds, 0.5);

        string? whyNot = ClassicRecipe.WhyNot();
        if (whyNot is null)
        {
            var classic = new ClassicRecipe(work, image.Archive);
            classic.Prepare();
            Sample Classic(bool piped) => Median(() =>
            {
                string classicDisk = Path.Combine(work, "classic.img");
                var sample = Shell.Timed(classic.CommandLine(classicDisk, "ro console=ttyS0", piped), before: classic.Reset(classicDisk));
                classic.CleanRun();
                return sample;
            });
            var classicRun = Classic(piped: false);
            var pipedRun = Classic(piped: true);
            report.Row("classic recipe (podman export -o rootfs.tar, sfdisk, losetup, mkfs.ext4, mount, tar -x, extlinux, mbr.bin)", classicRun);
            report.Row("classic recipe, export piped into tar -x (no rootfs.tar)", pipedRun,
                $"{pipedRun.Seconds / d2lRun.Seconds:0.00} x d2l's time");
            report.Target("classic / d2l >= 10", classicRun.Seconds / d2lRun.Seconds, 10, atLeast: true,
                floor: new Floor(classicRun.Seconds / floor.FloorSeconds, floor.FloorWhat));
            string tree = Path.Combine(work, "tree");
            Directory.CreateDirectory(tree);
            Shell.Run($"mount -o ro,loop,offset=1048576 {work}/classic.img {work}/mnt && cp -a {work}/mnt/. {tree}/ && umount {work}/mnt");
            var mke2fs = Median(() => Shell.Timed($"mke2fs -q -t ext4 -d {tree} {work}/mke2fs.img 2G", before: $"rm -f {work}/mke2fs.img"));
            report.Row("mke2fs -d from an extracted tree (filesystem only)", mke2fs);
            classic.Clean();
            Shell.Run($"rm -rf {tree} {work}/classic.img {work}/mke2fs.img");
        }
        else
        {
            report.Note($"classic recipe and mke2fs -d not run: {whyNot}");
        }

        long apparent = new FileInfo(disk).Length;
        long allocated = long.Parse(Shell.Run($"du -B1 {disk} | cut -f1").Trim(), CultureInfo.InvariantCulture);
        report.Note($"sparse output: {Mib(apparent)} MiB disk, {Mib(allocated)} MiB allocated");
        Reproducibility(d2l, image.Archive, work, report);
        RegistryRows.Run(d2l, image, work, _runs, report);
        EngineRow.Run(d2l, image.Archive, Path.Combine(fixtures, "debian-template.docker.tar"), work, _runs, report);
        double syntheticPeak = Linearity(d2l, work, sizes, report);
        // "Whatever the image size": the highest peak of every d2l run above, with ISA-L and without.
        report.Target("d2l peak memory, highest of every d2l run above <= 512 MiB",
            new[] { d2lRun.PeakMiB, zlibRun.PeakMiB, syntheticPeak }.Max(), 512);
    }

    // What users install and what the numbers are about: the native d2l, published from this checkout now, so
    // the figures always describe the code beside them.
    private static string PublishNative(string repo)
    {
        string folder = Path.Combine(repo, "artifacts", "linux-x64");
        Console.Error.WriteLine("benchmark: publishing the native d2l");
        Shell.Run($"dotnet publish {Shell.Quote(Path.Combine(repo, "src", "DockerToLinux.Cli"))} -c Release -r linux-x64 -nologo -v quiet -o {Shell.Quote(folder)}");
        return Shell.Quote(Path.Combine(folder, "d2l"));
    }

    private static void Reproducibility(string d2l, string archive, string work, Report report)
    {
        var epoch = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1700000000" };
        string a = Path.Combine(work, "a.img"), b = Path.Combine(work, "b.img");
        Shell.Run($"{d2l} build oci-archive:{archive} -o {a}", epoch);
        // The second build reads one layer at a time: the disk must not depend on the parallelism either.
        Shell.Run($"{d2l} build oci-archive:{archive} -o {b} --jobs 1", epoch);
        bool same = Shell.Run($"cmp -s {a} {b} && echo same || echo different").Trim() == "same";
        report.Target("SOURCE_DATE_EPOCH builds byte-identical, layers together or one by one (1 = yes)", same ? 1 : 0, 1, atLeast: true);
        File.Delete(a);
        File.Delete(b);
    }

    // Reports the time per GB of each size and whether it stays flat; returns the highest peak memory.
    private static double Linearity(string d2l, string work, List<long> sizes, Report report)
    {
        string fixedImage = SyntheticImage.Create(work, 1 << 20);
        string disk = Path.Combine(work, "synthetic.img");
        double overhead = Median(() => Shell.Timed($"{d2l} build oci-archive:{fixedImage} -o {disk} --bootloader none", before: $"rm -f {disk}")).Seconds;
        report.Note($"fixed cost (1 MiB image: process start, metadata): {overhead:0.00} s, subtracted for the per-GB figures");
        var perGb = new List<double>();
        double peak = 0;
        foreach (long size in sizes)
        {
            string archive = SyntheticImage.Create(work, size);
            Shell.Run($"cat {archive} > /dev/null");
            var sample = Median(() => Shell.Timed($"{d2l} build oci-archive:{archive} -o {disk} --bootloader none", before: $"rm -f {disk}"));
            peak = Math.Max(peak, sample.PeakMiB);
            double gb = size / 1e9;
            perGb.Add((sample.Seconds - overhead) / gb);
            report.Row($"d2l, synthetic image of {Mib(size)} MiB of files", sample, $"{perGb[^1]:0.00} s/GB beyond the fixed cost");
            File.Delete(archive);
            File.Delete(disk);
        }
        // Within 20 % either way: a largest image much cheaper per GB than the smallest is no more linear.
        report.Target("linear: |(s/GB of largest) / (s/GB of smallest) - 1| <= 0.2", Math.Abs(perGb[^1] / perGb[0] - 1), 0.2);
        return peak;
    }

    private static Sample Median(Func<Sample> run) => Sample.Median(Enumerable.Range(0, _runs).Select(_ => run()).ToList());

    private static long Mib(long bytes) => bytes >> 20;

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DockerToLinux.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException("run the benchmark from inside the repository");
    }
}
