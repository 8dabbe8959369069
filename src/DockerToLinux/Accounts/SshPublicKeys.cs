using System.Buffers.Binary;
using System.Text;

namespace DockerToLinux.Accounts;

/// <summary>
/// Checks authorized_keys text: each non-blank, non-comment line is <c>[options] TYPE BASE64 [comment]</c>,
/// where the base64 blob decodes to a key that names the same TYPE (the check sshd makes), so a private key,
/// a certificate request or a random file is refused before it reaches the image.
/// </summary>
public static class SshPublicKeys
{
    /// <summary>The key types OpenSSH accepts in authorized_keys.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
        "ssh-ed25519-cert-v01@openssh.com", "ssh-rsa-cert-v01@openssh.com", "ecdsa-sha2-nistp256-cert-v01@openssh.com",
    };

    /// <summary>The key lines of <paramref name="text"/>, trimmed; throws if any line is not a public key or there is none.</summary>
    /// <param name="source">Where the text came from (a file name), for the message.</param>
    /// <param name="text">One key line or the content of an authorized_keys or .pub file.</param>
    /// <exception cref="D2lException">A line is not an SSH public key, or there is no key at all.</exception>
    public static IReadOnlyList<string> Parse(string source, string text)
    {
        var keys = new List<string>();
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            if (!IsKeyLine(line))
            {
                throw D2lException.BadInput(source, $"line {number} is not an SSH public key (expected 'ssh-ed25519 AAAA… comment' or another OpenSSH key type)");
            }
            keys.Add(line);
        }
        if (keys.Count == 0)
        {
            throw D2lException.BadInput(source, "holds no SSH public key");
        }
        return keys;
    }

    /// <summary>True if <paramref name="line"/> is one authorized_keys entry whose blob matches its type.</summary>
    public static bool IsKeyLine(string line)
    {
        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        // Options come first and never start with a key type; a quoted option may hold spaces, so look for
        // the first word that is a type rather than counting words.
        int typeIndex = Array.FindIndex(words, Types.Contains);
        if (typeIndex < 0 || typeIndex + 1 >= words.Length || typeIndex > 0 && !LooksLikeOptions(words[0]))
        {
            return false;
        }
        return BlobNames(words[typeIndex + 1], words[typeIndex]);
    }

    private static bool LooksLikeOptions(string word) => word.All(c => c > ' ' && c != '#');

    private static bool BlobNames(string base64, string type)
    {
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out int length) || length < 4)
        {
            return false;
        }
        uint nameLength = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return nameLength == type.Length && 4 + nameLength <= length
            && Encoding.ASCII.GetString(bytes, 4, (int)nameLength) == type;
    }
}
