using Tomlyn.Model;
using Tomlyn.Serialization;

namespace DockerToLinux.Accounts;

/// <summary>Tomlyn's generated reader for a TOML document as tables, arrays and values (no reflection, so AOT keeps it).</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class AccountsTomlContext : TomlSerializerContext;
