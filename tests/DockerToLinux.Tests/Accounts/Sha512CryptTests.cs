using DockerToLinux.Accounts;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Accounts;

public class Sha512CryptTests
{
    [Fact]
    public void The_published_test_vector_is_reproduced()
    {
        Assert.Equal("$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
            Sha512Crypt.Hash("Hello world!", "saltstring"));
    }

    [Fact]
    public void Explicit_rounds_are_written_and_used()
    {
        Assert.Equal("$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
            Sha512Crypt.Hash("Hello world!", "saltstringsaltstring", 10000));
    }

    [Theory]
    [InlineData("correct horse battery staple", "AbCdEfGh12345678")]
    [InlineData("a", "s")]
    [InlineData("pässwörd with ünïcode and a long tail to pass sixty-four bytes of key material!!", "./09azAZ")]
    public void Hashes_agree_with_openssl(string password, string salt)
    {
        var referee = Tool.Run("openssl", ["passwd", "-6", "-salt", salt, "-stdin"], password + "\n");
        referee.EnsureSuccess("openssl passwd");
        Assert.Equal(referee.StdOut.Trim(), Sha512Crypt.Hash(password, salt));
    }

    [Fact]
    public void Seeded_salts_repeat_and_random_salts_do_not()
    {
        byte[] seed = [1, 2, 3];
        Assert.Equal(CryptSalt.FromSeed(seed), CryptSalt.FromSeed(seed));
        Assert.Equal(16, CryptSalt.FromSeed(seed).Length);
        Assert.All(CryptSalt.Random(), c => Assert.Contains(c, Sha512Crypt.Alphabet));
        Assert.NotEqual(CryptSalt.Random(), CryptSalt.Random());
    }
}
