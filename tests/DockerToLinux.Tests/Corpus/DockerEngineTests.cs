using DockerToLinux.Images;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Corpus;

/// <summary>
/// A real Docker engine as producer and referee: what it loads from each reproduced producer's archive and
/// saves again (Docker 20.10's classic docker save), and what it hands out through its engine API
/// (docker-daemon:), must read as the corpus image.
/// </summary>
public class DockerEngineTests(DockerEngine engine) : IClassFixture<DockerEngine>
{
    public static TheoryData<string> Producers() => ["go-containerregistry", "jib", "docker 25 tagged", "docker 25 untagged", "docker 25 containerd store"];

    private static string Write(TempDir temp, string producer)
    {
        string archive = temp.File("producer.tar");
        switch (producer)
        {
            case "go-containerregistry":
                GgcrTarballWriter.Write(archive, CorpusImage.Gzip);
                break;
            case "jib":
                JibTarWriter.Write(archive, CorpusImage.Gzip);
                break;
            case "docker 25 containerd store":
                DockerContainerdStoreSaveWriter.Write(archive);
                break;
            default:
                Docker25SaveWriter.Write(archive, producer.EndsWith("untagged", StringComparison.Ordinal) ? null : CorpusImage.Tag);
                break;
        }
        return archive;
    }

    [Theory]
    [MemberData(nameof(Producers))]
    public async Task Docker_loads_each_reproduced_archive_and_its_save_of_it_reads_as_the_archive_itself(string producer)
    {
        using var temp = new TempDir();
        string archive = Write(temp, producer);
        string loaded = engine.Docker("load", "-i", archive).EnsureSuccess("docker load").StdOut;
        // "Loaded image: corpus/sample:1" or, untagged, "Loaded image ID: sha256:…".
        string name = loaded.Trim().Split('\n')[^1].Split(": ", 2)[1].Trim();
        engine.Docker("save", "-o", temp.File("saved.tar"), name).EnsureSuccess("docker save");
        await CorpusImage.AssertReadsAsync(archive);
        await CorpusImage.AssertReadsAsync(temp.File("saved.tar"));
        var options = new ImageSourceOptions { DockerHost = engine.Host };
        await CorpusImage.AssertReadsAsync($"docker-daemon:{name}", options);
    }
}
