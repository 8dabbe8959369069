namespace DockerToLinux.KubeVirt;

/// <summary>
/// The <c>#cloud-config</c> user data that gives users their SSH keys at first boot. The image's default user
/// stays (<c>- default</c>); root's keys need <c>disable_root: false</c>, since cloud-init otherwise puts a
/// command before them that refuses the login. Every entry says <c>lock_passwd: false</c>: cloud-init locks the
/// password of each user it lists unless told not to, existing users too, and the disk's passwords (root's from
/// <c>--root-password</c>, a user's from <c>--password-file</c>) are how its serial console is logged in to.
/// </summary>
internal static class CloudInitUserData
{
    /// <summary>The user data for <paramref name="users"/>.</summary>
    public static string For(IReadOnlyList<VirtualMachineUser> users)
    {
        var entries = new List<(string, YamlNode)>();
        if (users.Any(user => user.Name == "root"))
        {
            entries.Add(("disable_root", YamlToken.Of(false)));
        }
        entries.Add(("users", new YamlSequence([
            new YamlText("default"),
            .. users.Select(user => YamlMapping.Of(
                ("name", new YamlText(user.Name)),
                ("lock_passwd", YamlToken.Of(false)),
                ("ssh_authorized_keys", new YamlSequence([.. user.SshKeys.Select(key => new YamlText(key))])))),
        ])));
        return "#cloud-config\n" + YamlWriter.Write(YamlMapping.Of([.. entries]));
    }
}
