namespace DockerToLinux;

/// <summary>Turns a layer's byte count into <see cref="BuildProgress"/> reports for the same step, in order.</summary>
internal sealed class LayerByteProgress(IProgress<BuildProgress> progress, BuildStage stage, string message, long total) : IProgress<long>
{
    public void Report(long value) => progress.Report(new BuildProgress(stage, message, value, total));
}
