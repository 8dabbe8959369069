using DockerToLinux.Tests.Architecture;
using DockerToLinux.Tests.Support;

namespace DockerToLinux.Tests.Deploy;

/// <summary>The README's Kubernetes section shows the Job that deploy/ holds and the d2l image test runs.</summary>
public sealed class KubernetesReadmeTests
{
    [Fact]
    public void The_README_conversion_Job_is_deploy_d2l_job_yaml_word_for_word()
    {
        string job = Path.Combine(ArchitectureTests.RepositoryRoot(), "deploy", "d2l-job.yaml");

        Assert.Equal(File.ReadAllText(job), ReadmeCodeBlock.After("### A conversion Job", "yaml"));
    }
}
