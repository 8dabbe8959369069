using DockerToLinux.Images;
using DockerToLinux.Tests.RootFs;

namespace DockerToLinux.Tests.Images.Registry;

/// <summary>Opens an image by reference and flattens it, for file-for-file comparisons between transports.</summary>
internal static class ImageSnapshots
{
    /// <summary>The flattened tree of <paramref name="reference"/> and the image as opened.</summary>
    public static async Task<(TreeSnapshot Snapshot, ContainerImage Image)> OfAsync(string reference, ImageSourceOptions? options = null)
    {
        await using var source = ImageSource.Parse(reference, options ?? new ImageSourceOptions());
        var image = await source.OpenAsync(CancellationToken.None);
        var (tree, store) = await TreeSnapshot.FlattenAsync(image);
        return (TreeSnapshot.Of(tree, store), image);
    }

    /// <summary>Asserts two snapshots hold the same entries, printing the differences otherwise.</summary>
    public static void AssertSame(TreeSnapshot expected, TreeSnapshot actual, string what)
    {
        string diff = expected.DiffAgainst(actual);
        Assert.True(diff.Length == 0, $"{what} differs:\n{diff}");
        Assert.NotEmpty(actual.Entries);
    }
}
