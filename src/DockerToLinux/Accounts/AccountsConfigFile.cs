using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace DockerToLinux.Accounts;

/// <summary>
/// Users from a config file shaped like bootc-image-builder's: <c>[[customizations.user]]</c> tables in TOML,
/// or <c>{"customizations": {"user": [...]}}</c> in JSON, each with <c>name</c>, <c>password</c>, <c>key</c>
/// (one or more authorized_keys lines) and <c>groups</c>, and d2l's <c>uid</c>.
/// </summary>
public static class AccountsConfigFile
{
    /// <summary>Reads the users; JSON when the text starts with <c>{</c>, TOML otherwise.</summary>
    /// <param name="source">The file's name, for messages.</param>
    /// <param name="text">The file's text.</param>
    /// <exception cref="D2lException">Malformed file, wrong types, or a user without a name.</exception>
    public static IReadOnlyList<UserAccount> Parse(string source, string text) =>
        text.TrimStart().StartsWith('{') ? ParseJson(source, text) : ParseToml(source, text);

    /// <summary>
    /// Config users merged with users from the command line: a user named in both takes each field the command
    /// line gives and the file's for the rest; users only on the command line come after the file's.
    /// </summary>
    public static IReadOnlyList<UserAccount> Merge(IReadOnlyList<UserAccount> fromFile, IReadOnlyList<UserAccount> fromFlags)
    {
        var merged = fromFile.Select(user => fromFlags.FirstOrDefault(flag => flag.Name == user.Name) is { } flag
            ? user with
            {
                Password = flag.Password ?? user.Password,
                Uid = flag.Uid ?? user.Uid,
                Groups = flag.Groups.Count > 0 ? flag.Groups : user.Groups,
                SshKeys = flag.SshKeys.Count > 0 ? flag.SshKeys : user.SshKeys,
            }
            : user).ToList();
        merged.AddRange(fromFlags.Where(flag => fromFile.All(user => user.Name != flag.Name)));
        return merged;
    }

    private static IReadOnlyList<UserAccount> ParseJson(string source, string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (!document.RootElement.TryGetProperty("customizations", out var customizations)
                || !customizations.TryGetProperty("user", out var users))
            {
                return [];
            }
            return users.EnumerateArray().Select((user, index) => User(source, index, key => user.TryGetProperty(key, out var value)
                ? value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetInt64(),
                    JsonValueKind.Array => value.EnumerateArray().Select(item => item.GetString()!).ToList(),
                    _ => value.ToString(),
                }
                : null)).ToList();
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException)
        {
            throw D2lException.BadInput(source, $"not a valid JSON user configuration ({error.Message.Split('\n')[0]})", error);
        }
    }

    private static IReadOnlyList<UserAccount> ParseToml(string source, string text)
    {
        TomlTable root;
        try
        {
            root = TomlSerializer.Deserialize(text, AccountsTomlContext.Default.TomlTable)!;
        }
        catch (TomlException error)
        {
            throw D2lException.BadInput(source, $"not valid TOML ({error.Message.Split('\n')[0]})", error);
        }
        if (!root.TryGetValue("customizations", out object? customizations) || customizations is not TomlTable table
            || !table.TryGetValue("user", out object? users))
        {
            return [];
        }
        if (users is not TomlTableArray array)
        {
            throw D2lException.BadInput(source, "customizations.user must be an array of tables ([[customizations.user]])");
        }
        return array.Select((user, index) => User(source, index, key => user.TryGetValue(key, out object? value)
            ? value is TomlArray list ? list.Select(item => item?.ToString() ?? string.Empty).ToList() : value
            : null)).ToList();
    }

    // One user from a table of loosely typed values, checked field by field.
    private static UserAccount User(string source, int index, Func<string, object?> field)
    {
        string where = $"{source}: user {index + 1}";
        string Text(string key) => field(key) switch
        {
            null => null!,
            string value => value,
            _ => throw D2lException.BadInput(where, $"'{key}' must be a string"),
        };
        string name = Text("name") ?? throw D2lException.BadInput(where, "has no 'name'");
        AccountName.Check("user", name);
        var groups = field("groups") switch
        {
            null => [],
            List<string> list => list,
            _ => throw D2lException.BadInput(where, "'groups' must be a list of names"),
        };
        long? uid = field("uid") switch
        {
            null => null,
            long value => value,
            _ => throw D2lException.BadInput(where, "'uid' must be a number"),
        };
        string? key = Text("key");
        return new UserAccount
        {
            Name = name,
            Password = Text("password"),
            Uid = uid,
            Groups = groups,
            SshKeys = key is null ? [] : SshPublicKeys.Parse($"{where} key", key),
        };
    }
}
