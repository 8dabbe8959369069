using System.CommandLine;
using DockerToLinux.Inspect;

namespace DockerToLinux.Cli;

/// <summary><c>d2l inspect SOURCE [--json]</c>: what an image holds, layer by layer, and whether it can boot.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var source = new Argument<string>("source") { Description = ImageOptions.SourceHelp };
        var json = new Option<bool>("--json") { Description = "Write the report as JSON" };
        var kernel = new Option<string?>("--kernel") { Description = "Judge the image with this kernel image's kernel, as build --kernel would use it" };
        var kernelVersion = new Option<string?>("--kernel-version") { Description = "Which kernel of the kernel image (default: the newest)" };
        var command = new Command("inspect", "Show an image's metadata, its layers' changes and wasted bytes, and whether it can boot")
        {
            source, json, kernel, kernelVersion,
        };
        var imageOptions = new ImageOptions();
        imageOptions.AddTo(command);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            try
            {
                var options = imageOptions.Read(parsed);
                var report = await ProgressDisplay.RunAsync(progress =>
                    ImageInspector.InspectAsync(parsed.GetValue(source)!, options, parsed.GetValue(kernel),
                        parsed.GetValue(kernelVersion), progress, cancellationToken)).ConfigureAwait(false);
                Console.Out.Write(parsed.GetValue(json) ? InspectJson.Serialize(report) + "\n" : InspectText.Format(report));
                return 0;
            }
            catch (Exception error)
            {
                return Failure.Report(error, parsed.GetValue(Program.Verbose));
            }
        });
        return command;
    }
}
