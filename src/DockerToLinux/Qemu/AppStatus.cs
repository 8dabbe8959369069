using System.Globalization;

namespace DockerToLinux.Qemu;

/// <summary>One status line of an app VM's control channel.</summary>
/// <param name="Kind">Which event.</param>
/// <param name="Value">The exit status of <see cref="AppStatusKind.Exit"/>, else 0.</param>
internal sealed record AppStatus(AppStatusKind Kind, int Value)
{
    /// <summary>The status a line stands for, or null for a line that is none.</summary>
    public static AppStatus? Parse(string line)
    {
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["started"] => new AppStatus(AppStatusKind.Started, 0),
            ["init"] => new AppStatus(AppStatusKind.Init, 0),
            ["input"] => new AppStatus(AppStatusKind.Input, 0),
            ["exit", var code] when int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out int status)
                => new AppStatus(AppStatusKind.Exit, status),
            _ => null,
        };
    }
}
