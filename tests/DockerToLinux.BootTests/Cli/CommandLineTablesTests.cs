using DockerToLinux.Cli;

namespace DockerToLinux.BootTests.Cli;

/// <summary>The command line's tables: the flag of each library setting and the exit code of each failure kind.</summary>
public class CommandLineTablesTests
{
    public static TheoryData<Setting> Settings() => [.. Enum.GetValues<Setting>()];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Every_library_setting_maps_to_an_option_of_a_d2l_command(Setting setting)
    {
        var options = new[] { BuildCommand.Create(), ConvertCommand.Create(), BootCommand.Create(), InspectCommand.Create() }
            .SelectMany(command => command.Options).Select(option => option.Name).ToHashSet();

        Assert.Contains(SettingFlags.Of(setting), options);
    }

    [Fact]
    public void A_refusal_that_blames_a_setting_is_shown_led_by_its_flag()
    {
        var error = D2lException.BadSetting(Setting.DiskSize, "a disk of 20 MiB is too small");

        Assert.Equal("--size: a disk of 20 MiB is too small", SettingFlags.Message(error));
    }

    [Fact]
    public void Failure_kinds_get_the_exit_codes_of_the_README_table()
    {
        int[] codes = [ExitCode.Of(FailureKind.CheckFailed), ExitCode.Of(FailureKind.BadInput), ExitCode.Of(FailureKind.Internal)];

        Assert.Equal([1, 2, 3], codes);
    }
}
