using DockerToLinux.AppInit;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.AppInit;

public class ShellQuoteTests
{
    private const string Awkward = "it's \"$HOME\" `id` \\n\\\nnext line\t$(x) * ~ -e";

    [Fact]
    public void A_single_quote_closes_escapes_and_reopens_the_quotes()
    {
        Assert.Equal("'it'\\''s'", ShellQuote.Word("it's"));
    }

    [Fact]
    public void Busybox_sh_reads_quoted_words_back_byte_for_byte()
    {
        string[] words = [Awkward, "", "-x", "'", "a\nb"];
        var result = Tool.Run("/bin/busybox", ["sh", "-c", "printf '%s\\0' " + ShellQuote.Words(words)], stdin: null).EnsureSuccess("busybox sh");
        Assert.Equal(string.Concat(words.Select(word => word + "\0")), result.StdOut);
    }

    [Fact]
    public void A_nul_character_is_refused()
    {
        Assert.Throws<D2lException>(() => ShellQuote.Word("a\0b"));
    }
}
