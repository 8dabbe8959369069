using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Property;

/// <summary>What debugfs's <c>stat</c> says about one name.</summary>
internal sealed record StatInfo(long Inode, string Type, int Mode, long Uid, long Gid, long Size, int Links, long ModificationSeconds,
    int? Major, int? Minor, long FileAcl);

/// <summary>
/// Reads a filesystem image back with debugfs, the independent referee: one debugfs process runs a batch of
/// requests and its output is split per request.
/// </summary>
internal static partial class DebugfsReadback
{
    /// <summary>Runs the requests with <c>debugfs -f</c> and returns each one's output, in order.</summary>
    public static List<string> Batch(string image, IReadOnlyList<string> requests, string scratch)
    {
        string file = Path.Combine(scratch, "requests-" + Guid.NewGuid().ToString("N"));
        File.WriteAllLines(file, requests, new UTF8Encoding(false));
        var result = Tool.Run("debugfs", "-f", file, image);
        Assert.True(result.ExitCode == 0, $"debugfs: {result.StdErr}");
        var sections = new List<string>();
        StringBuilder? current = null;
        foreach (string line in result.StdOut.Split('\n'))
        {
            if (line.StartsWith("debugfs: ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    sections.Add(current.ToString());
                }
                current = new StringBuilder();
            }
            else
            {
                current?.AppendLine(line);
            }
        }
        if (current is not null)
        {
            sections.Add(current.ToString());
        }
        Assert.True(sections.Count == requests.Count, $"debugfs answered {sections.Count} of {requests.Count} requests\n{result.StdErr}");
        return sections;
    }

    /// <summary>A request naming a path (absolute, quoted).</summary>
    public static string Request(string command, string path, string? more = null) =>
        $"{command} \"/{path}\"" + (more is null ? string.Empty : " " + more);

    public static StatInfo ParseStat(string text, string path)
    {
        var head = StatHead().Match(text);
        var owner = Owner().Match(text);
        Assert.True(head.Success && owner.Success, $"stat /{path}: {text}");
        var device = Device().Match(text);
        var acl = FileAcl().Match(text);
        return new StatInfo(
            long.Parse(head.Groups[1].Value, CultureInfo.InvariantCulture),
            head.Groups[2].Value,
            Convert.ToInt32(head.Groups[3].Value, 8),
            long.Parse(owner.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(owner.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(owner.Groups[3].Value, CultureInfo.InvariantCulture),
            int.Parse(Links().Match(text).Groups[1].Value, CultureInfo.InvariantCulture),
            Convert.ToInt64(Mtime().Match(text).Groups[1].Value, 16),
            device.Success ? int.Parse(device.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            device.Success ? int.Parse(device.Groups[2].Value, CultureInfo.InvariantCulture) : null,
            acl.Success ? long.Parse(acl.Groups[1].Value, CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>The names and lengths <c>ea_list</c> shows.</summary>
    public static SortedDictionary<string, int> ParseXattrNames(string text) =>
        new(XattrLine().Matches(text).ToDictionary(match => match.Groups[1].Value,
            match => int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)), StringComparer.Ordinal);

    [GeneratedRegex(@"Inode: (\d+)\s+Type: ([a-zA-Z ]+?)\s+Mode:\s+([0-7]+)")]
    private static partial Regex StatHead();

    [GeneratedRegex(@"User:\s+(\d+)\s+Group:\s+(\d+).*?Size: (\d+)")]
    private static partial Regex Owner();

    [GeneratedRegex(@"Links: (\d+)")]
    private static partial Regex Links();

    [GeneratedRegex(@"\bmtime: 0x([0-9a-f]+)")]
    private static partial Regex Mtime();

    [GeneratedRegex(@"Device major/minor number: (\d+):(\d+)")]
    private static partial Regex Device();

    [GeneratedRegex(@"File ACL: (\d+)")]
    private static partial Regex FileAcl();

    [GeneratedRegex(@"^\s+(\S+) \((\d+)\)", RegexOptions.Multiline)]
    private static partial Regex XattrLine();
}
