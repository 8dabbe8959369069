using System.Buffers.Binary;
using System.Text;
using DockerToLinux.Accounts;

namespace DockerToLinux.Tests.Accounts;

public class SshPublicKeysTests
{
    public static string Key(string type = "ssh-ed25519", string comment = "alice@host")
    {
        var blob = new byte[4 + type.Length + 36];
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)type.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(blob, 4);
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(4 + type.Length), 32);
        return $"{type} {Convert.ToBase64String(blob)} {comment}";
    }

    [Fact]
    public void An_authorized_keys_file_gives_its_key_lines_without_comments_and_blank_lines()
    {
        string text = $"# mine\n{Key()}\n\n  {Key("ecdsa-sha2-nistp256", "x")}  \n";

        Assert.Equal([Key(), Key("ecdsa-sha2-nistp256", "x")], SshPublicKeys.Parse("key.pub", text));
    }

    [Fact]
    public void A_line_with_options_before_the_key_is_a_key_line()
    {
        Assert.True(SshPublicKeys.IsKeyLine("no-pty,from=\"10.0.0.0/8\" " + Key()));
    }

    [Fact]
    public void A_blob_that_names_another_type_is_not_a_key()
    {
        string rsaBlob = Key("ssh-rsa").Split(' ')[1];
        Assert.False(SshPublicKeys.IsKeyLine($"ssh-ed25519 {rsaBlob}"));
    }

    [Fact]
    public void A_private_key_file_is_refused_on_one_line_naming_the_file_and_the_line()
    {
        var error = Assert.Throws<D2lException>(() =>
            SshPublicKeys.Parse("id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n"));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith("id_ed25519: line 1 is not an SSH public key", error.Message);
    }

    [Fact]
    public void A_file_with_only_comments_is_refused()
    {
        var error = Assert.Throws<D2lException>(() => SshPublicKeys.Parse("empty.pub", "# nothing\n\n"));
        Assert.Equal("empty.pub: holds no SSH public key", error.Message);
    }
}
