using System.Globalization;

namespace DockerToLinux.Tests.Fuzz;

/// <summary>
/// Runs seeded fuzz cases: case <c>i</c> of seed <c>s</c> always gets the same <see cref="Random"/>, so a failure
/// printed as "seed s case i" reproduces with <c>D2L_FUZZ_SEED=s</c>. Only <see cref="D2lException"/> may escape
/// the code under test; anything else fails the run, listing the first few failures.
/// </summary>
public static class FuzzRun
{
    /// <summary>The seed used when D2L_FUZZ_SEED is not set.</summary>
    public const int DefaultSeed = 20261123;

    /// <summary>D2L_FUZZ_SEED, or the default.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("D2L_FUZZ_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed : DefaultSeed;

    /// <summary>The random source of one case.</summary>
    public static Random CaseRandom(int seed, int index) => new(HashCode.Combine(seed, index) ^ (seed * 31 + index));

    /// <summary>
    /// Runs <paramref name="cases"/> cases of <paramref name="body"/>, which returns true when the input was
    /// accepted; requires that every case either succeeded or threw a one-line bad-input <see cref="D2lException"/>.
    /// </summary>
    /// <returns>How many cases were accepted and how many refused.</returns>
    public static async Task<(int Accepted, int Refused)> RunAsync(string name, int cases, Func<Random, int, Task> body)
    {
        int seed = Seed;
        int accepted = 0, refused = 0;
        var failures = new List<string>();
        for (int index = 0; index < cases; index++)
        {
            try
            {
                await body(CaseRandom(seed, index), index);
                accepted++;
            }
            catch (D2lException error) when (error.Kind == FailureKind.BadInput && !error.Message.Contains('\n'))
            {
                refused++;
            }
            catch (Exception error)
            {
                failures.Add($"{name}: seed {seed} case {index}: {error.GetType().Name}: {error.Message}\n{error.StackTrace}");
                if (failures.Count >= 5)
                {
                    break;
                }
            }
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} failing case(s); reproduce with D2L_FUZZ_SEED={seed}\n{string.Join("\n\n", failures)}");
        return (accepted, refused);
    }
}
