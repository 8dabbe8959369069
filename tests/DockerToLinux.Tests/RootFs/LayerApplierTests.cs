using System.Formats.Tar;
using System.Text;
using DockerToLinux.RootFs;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.RootFs;

public class LayerApplierTests
{
    private static string Text(FileTree tree, string path) =>
        Encoding.UTF8.GetString(MemoryContentStore.Bytes(tree.Lookup(path)!.Node.Content!));

    private static async Task<D2lException> RefusedAsync(byte[] layer)
    {
        var store = new MemoryContentStore();
        var error = await Assert.ThrowsAsync<D2lException>(() =>
            LayerApplier.ApplyAsync(new FileTree(store.Release), new MemoryStream(layer), 3, store, CancellationToken.None));
        Assert.Equal(FailureKind.BadInput, error.Kind);
        Assert.StartsWith("layer 3: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public async Task A_whiteout_spares_what_its_own_layer_made_even_when_it_comes_after_it()
    {
        var (tree, _) = await TreeSnapshot.FlattenAsync(
            new TestLayer().Dir("a").File("a/lower", "1").ToArray(),
            new TestLayer().Dir("a").File("a/upper", "2").Whiteout("a").ToArray());
        Assert.NotNull(tree.Lookup("a/upper"));
        Assert.Null(tree.Lookup("a/lower"));
    }

    [Fact]
    public async Task An_opaque_marker_removes_lower_children_recursively_and_keeps_this_layers_names()
    {
        var (tree, store) = await TreeSnapshot.FlattenAsync(
            new TestLayer().Dir("d").File("d/old", "old").Dir("d/sub").File("d/sub/o", "o").Dir("d/gone").File("d/gone/g", "g").ToArray(),
            new TestLayer().Dir("d").File("d/new", "new").Dir("d/sub").File("d/sub/n", "n").Opaque("d").ToArray());
        var names = tree.Walk().Select(item => item.Path).ToList();
        Assert.Equal(["/d", "/d/new", "/d/sub", "/d/sub/n"], names);
        Assert.Equal(3, store.Released.Count);
    }

    [Fact]
    public async Task A_whiteout_of_a_lower_file_keeps_its_hard_link_made_by_a_later_layer()
    {
        var (tree, store) = await TreeSnapshot.FlattenAsync(
            new TestLayer().File("base", "shared").ToArray(),
            new TestLayer().HardLink("link", "base").ToArray(),
            new TestLayer().Whiteout("base").ToArray());
        Assert.Null(tree.Lookup("base"));
        Assert.Equal("shared", Text(tree, "link"));
        Assert.Equal(1, tree.Lookup("link")!.Node.LinkCount);
        Assert.Empty(store.Released);
    }

    // As moby and containers/storage apply it: podman exports both names with the link's metadata.
    [Fact]
    public async Task A_hard_link_whose_header_differs_from_its_lower_target_gives_the_shared_file_its_mode_owner_time_and_xattrs()
    {
        var linkTime = new DateTimeOffset(2025, 6, 7, 8, 9, 10, TimeSpan.Zero);
        var (tree, _) = await TreeSnapshot.FlattenAsync(
            new TestLayer().File("tool", "binary", mode: 0b111_101_101, pax: new() { ["SCHILY.xattr.user.kept"] = "target" }).ToArray(),
            new TestLayer().HardLink("tool-link", "tool", mode: 0b110_000_000, uid: 7, gid: 8, time: linkTime,
                pax: new() { ["SCHILY.xattr.user.added"] = "link" }).ToArray());
        var node = tree.Lookup("tool")!.Node;
        Assert.Same(node, tree.Lookup("tool-link")!.Node);
        Assert.Equal((0b110_000_000, 7, 8), (node.Permissions, node.Uid, node.Gid));
        Assert.Equal(FsTimestamp.FromDateTimeOffset(linkTime), node.ModificationTime);
        Assert.Equal(["user.added=link", "user.kept=target"],
            node.Xattrs.Select(pair => $"{pair.Key}={Encoding.UTF8.GetString(pair.Value)}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_replaced_file_gives_its_content_back_to_the_store_and_a_duplicate_entry_wins()
    {
        var (tree, store) = await TreeSnapshot.FlattenAsync(
            new TestLayer().File("f", "first").File("f", "second").ToArray(),
            new TestLayer().Dir("f").ToArray());
        Assert.Equal(NodeKind.Directory, tree.Lookup("f")!.Node.Kind);
        Assert.Equal(2, store.Released.Count);
    }

    [Fact]
    public async Task Binary_xattr_values_survive_byte_for_byte()
    {
        // NUL and every byte above 0x7F: what UTF-8 decoding would mangle. (Some ASCII control bytes, '\n'
        // at least, make System.Formats.Tar's PAX parser refuse the header; see the newline test.)
        byte[] every = [.. Enumerable.Range(0, 9).Select(i => (byte)i), .. Enumerable.Range(0x80, 128).Select(i => (byte)i)];
        var (tree, _) = await TreeSnapshot.FlattenAsync(
            new TestLayer().FileWithRawPax("f", "x", 0b111_101_101, 0, ("SCHILY.xattr.security.capability", every)).Dir("end").ToArray());
        var node = tree.Lookup("f")!.Node;
        Assert.Equal(every, node.Xattrs["security.capability"]);
        Assert.Equal(0b111_101_101, node.Permissions);
    }

    [Fact]
    public async Task An_xattr_value_with_a_newline_byte_is_refused_cleanly_since_the_tar_reader_cannot_parse_it() =>
        await RefusedAsync(new TestLayer().FileWithRawPax("f", "x", 0b111_101_101, 0, ("SCHILY.xattr.security.capability", [1, 0, 0, 2, 0x0A, 0, 0, 0])).Dir("end").ToArray());

    [Fact]
    public async Task Gnu_long_names_negative_times_and_large_ids_are_read()
    {
        string longName = "dir/" + new string('n', 250);
        var (tree, _) = await TreeSnapshot.FlattenAsync(
            new TestLayer(TarEntryFormat.Gnu).Dir("dir").File(longName, "long", uid: 3_000_000, gid: 70000,
                time: new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero)).Symlink("link", "/" + longName).ToArray());
        var node = tree.Lookup(longName)!.Node;
        Assert.Equal(3_000_000, node.Uid);
        Assert.Equal(70000, node.Gid);
        Assert.Equal(2208988800, node.ModificationTime.Seconds);
        Assert.Equal("/" + longName, tree.Lookup("link")!.Node.LinkTarget);
    }

    [Fact]
    public async Task A_hard_link_to_a_missing_file_is_refused_naming_the_layer()
    {
        var error = await RefusedAsync(new TestLayer().HardLink("link", "nowhere").ToArray());
        Assert.Contains("missing 'nowhere'", error.Message);
    }

    [Fact]
    public async Task A_name_longer_than_255_bytes_is_refused() =>
        Assert.Contains("longer than 255", (await RefusedAsync(new TestLayer().File(new string('x', 256), "x").ToArray())).Message);

    [Fact]
    public async Task A_path_with_dot_dot_is_refused() =>
        Assert.Contains("'..'", (await RefusedAsync(new TestLayer().File("a/../../etc/passwd", "x").ToArray())).Message);

    [Fact]
    public async Task A_truncated_tar_is_refused()
    {
        byte[] tar = new TestLayer().File("f", new string('x', 3000)).ToArray();
        await RefusedAsync(tar[..1500]);
    }

    [Fact]
    public async Task A_header_with_a_bad_checksum_is_refused()
    {
        byte[] tar = new TestLayer().File("f", "x").ToArray();
        tar[10] ^= 0x55;
        await RefusedAsync(tar);
    }

    [Fact]
    public async Task A_file_under_a_lower_file_is_refused() =>
        await RefusedAsync(new TestLayer().File("f", "x").File("f/g", "y").ToArray());
}
