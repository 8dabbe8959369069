namespace DockerToLinux.RootFs;

/// <summary>
/// One layer of several read at once. Layers must change the tree in order, so a layer's entries wait in a
/// backlog until every layer below it has been applied; <see cref="TakeTurn"/> then applies the backlog and,
/// from that moment, the reading thread applies each entry as it comes. Only the layer whose turn it is
/// touches the tree, and the last layer's entries are mostly applied while it streams, not after.
/// </summary>
internal sealed class LayerTurn(FileTree tree, int layer, string layerName, IFileContentStore store)
{
    private readonly LayerApplier.Context _applier = new(tree, layer, layerName, store);
    private readonly Lock _lock = new();
    private List<(LayerTarEntry Entry, FileContent? Content)> _backlog = [];
    private bool _current;

    /// <summary>How errors name the layer.</summary>
    public string LayerName => layerName;

    /// <summary>From the reading thread: keeps the entry, or applies it once it is the layer's turn.</summary>
    /// <exception cref="D2lException">Applying it broke a layer rule.</exception>
    public void Add(LayerTarEntry entry, FileContent? content)
    {
        lock (_lock)
        {
            if (!_current)
            {
                _backlog.Add((entry, content));
                return;
            }
        }
        _applier.Apply(entry, content);
    }

    /// <summary>
    /// Once every layer below is applied: applies what the layer has read so far, while it keeps reading,
    /// and hands the tree to the reading thread.
    /// </summary>
    /// <exception cref="D2lException">Applying an entry broke a layer rule.</exception>
    public void TakeTurn()
    {
        while (true)
        {
            List<(LayerTarEntry Entry, FileContent? Content)> batch;
            lock (_lock)
            {
                if (_backlog.Count == 0)
                {
                    _current = true;
                    return;
                }
                batch = _backlog;
                _backlog = [];
            }
            foreach (var (entry, content) in batch)
            {
                _applier.Apply(entry, content);
            }
        }
    }
}
