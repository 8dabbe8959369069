namespace DockerToLinux.Images;

/// <summary>A user name and password (or token) for a registry.</summary>
/// <param name="Username">The user name.</param>
/// <param name="Password">The password or access token.</param>
public sealed record RegistryCredentials(string Username, string Password)
{
    /// <summary>Parses credentials written <c>USER:PASS</c> (the password may contain colons).</summary>
    /// <exception cref="D2lException">There is no colon or no user name.</exception>
    public static RegistryCredentials Parse(string text)
    {
        int colon = text.IndexOf(':');
        return colon > 0
            ? new RegistryCredentials(text[..colon], text[(colon + 1)..])
            : throw D2lException.BadSetting(Setting.Credentials, "credentials are USER:PASSWORD");
    }

    /// <summary>The value of a Basic <c>Authorization</c> header.</summary>
    public string ToBasic() => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    /// <summary>Hides the password when a record is printed.</summary>
    public override string ToString() => $"{Username}:***";
}
