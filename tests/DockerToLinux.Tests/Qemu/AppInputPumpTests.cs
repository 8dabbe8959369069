using System.Text;
using DockerToLinux.Qemu;

namespace DockerToLinux.Tests.Qemu;

public class AppInputPumpTests
{
    [Fact]
    public async Task Nothing_reaches_the_console_before_the_app_init_says_the_app_reads_it()
    {
        var pump = new AppInputPump(new MemoryStream("early\n"u8.ToArray()));
        using var console = new MemoryStream();

        var copy = pump.CopyAsync(console, CancellationToken.None);
        await Task.Delay(200);

        Assert.Equal((false, 0L), (copy.IsCompleted, console.Length));
    }

    [Fact]
    public async Task Input_ending_in_a_newline_is_followed_by_one_end_of_file_character()
    {
        Assert.Equal("one\ntwo\n\u0004", await PumpAsync("one\ntwo\n"));
    }

    [Fact]
    public async Task A_partial_last_line_is_handed_over_by_one_end_of_file_character_and_ended_by_a_second()
    {
        Assert.Equal("partial\u0004\u0004", await PumpAsync("partial"));
    }

    private static async Task<string> PumpAsync(string input)
    {
        var pump = new AppInputPump(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        using var console = new MemoryStream();
        pump.AppReads();
        await pump.CopyAsync(console, CancellationToken.None);
        return Encoding.UTF8.GetString(console.ToArray());
    }
}
