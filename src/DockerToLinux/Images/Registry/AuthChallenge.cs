namespace DockerToLinux.Images;

/// <summary>
/// A <c>WWW-Authenticate</c> challenge (RFC 7235/6750): the scheme and its parameters, for example
/// <c>Bearer realm="https://auth.docker.io/token",service="registry.docker.io"</c>.
/// </summary>
/// <param name="Scheme">"Bearer" or "Basic" (compared case-insensitively).</param>
/// <param name="Parameters">The <c>key="value"</c> pairs; keys in lower case.</param>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>True for the token scheme registries use.</summary>
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>A parameter, or null.</summary>
    public string? this[string key] => Parameters.GetValueOrDefault(key);

    /// <summary>Parses one challenge; quoted values may hold commas (<c>scope="repository:a:pull,push"</c>).</summary>
    public static AuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        header = header.Trim();
        int space = header.IndexOf(' ');
        string scheme = space < 0 ? header : header[..space];
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int i = space < 0 ? header.Length : space + 1;
        while (i < header.Length)
        {
            while (i < header.Length && header[i] is ' ' or ',')
            {
                i++;
            }
            int equals = header.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }
            string key = header[i..equals].Trim().ToLowerInvariant();
            i = equals + 1;
            var value = new System.Text.StringBuilder();
            if (i < header.Length && header[i] == '"')
            {
                for (i++; i < header.Length && header[i] != '"'; i++)
                {
                    // A backslash quotes the next character inside a quoted string.
                    if (header[i] == '\\' && i + 1 < header.Length)
                    {
                        i++;
                    }
                    value.Append(header[i]);
                }
                i++;
            }
            else
            {
                for (; i < header.Length && header[i] != ','; i++)
                {
                    value.Append(header[i]);
                }
            }
            parameters[key] = value.ToString().Trim();
        }
        return new AuthChallenge(scheme, parameters);
    }
}
