using DockerToLinux.AppInit;

namespace DockerToLinux.Tests.AppInit;

public class UnitQuoteTests
{
    [Fact]
    public void An_argument_doubles_dollars_and_percents_and_escapes_quotes_and_backslashes()
    {
        Assert.Equal("""
            "5$$ and 100%% \"off\" C:\\tmp"
            """, UnitQuote.Argument("""5$ and 100% "off" C:\tmp"""));
    }

    [Fact]
    public void An_environment_entry_keeps_dollars_because_systemd_does_not_expand_them_there()
    {
        Assert.Equal("\"PRICE=5$ and 100%%\"", UnitQuote.EnvironmentEntry("PRICE=5$ and 100%"));
    }

    [Fact]
    public void Control_characters_become_c_escapes_so_the_line_stays_one_line()
    {
        Assert.Equal("\"a\\nb\\tc\\rd\\x1be\\x7f\"", UnitQuote.Argument("a\nb\tc\rd\u001be\u007f"));
    }

    [Fact]
    public void An_empty_argument_stays_an_argument()
    {
        Assert.Equal("\"\"", UnitQuote.Argument(string.Empty));
    }

    [Fact]
    public void A_semicolon_is_quoted_so_systemd_does_not_read_it_as_a_command_separator()
    {
        Assert.Equal("\";\"", UnitQuote.Argument(";"));
    }

    [Fact]
    public void Non_ascii_text_is_written_as_it_is()
    {
        Assert.Equal("\"café ☕\"", UnitQuote.Argument("café ☕"));
    }

    [Fact]
    public void A_nul_in_an_argument_is_refused()
    {
        Assert.Throws<D2lException>(() => UnitQuote.Argument("a\0b"));
    }

    [Fact]
    public void A_path_doubles_only_percents()
    {
        Assert.Equal("/srv/100%%/a b$", UnitQuote.Path("/srv/100%/a b$"));
    }

    [Theory]
    [InlineData("/srv/a\nb")]
    [InlineData("/srv/app ")]
    [InlineData("/srv/app\\")]
    [InlineData("/srv/../app")]
    public void A_path_the_unit_line_cannot_carry_is_refused_naming_the_service_setting(string path)
    {
        var error = Assert.Throws<D2lException>(() => UnitQuote.Path(path));
        Assert.Equal(Setting.Service, error.Setting);
    }
}
