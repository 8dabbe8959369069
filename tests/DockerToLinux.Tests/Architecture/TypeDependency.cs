namespace DockerToLinux.Tests.Architecture;

/// <summary>One use of a type by a type: <paramref name="From"/> (a library type) mentions <paramref name="To"/>.</summary>
/// <param name="From">The using type's full name (a nested or compiler-made type counts as its outermost type).</param>
/// <param name="FromNamespace">The using type's namespace.</param>
/// <param name="To">The used type's full name.</param>
/// <param name="ToNamespace">The used type's namespace.</param>
public sealed record TypeDependency(string From, string FromNamespace, string To, string ToNamespace)
{
    /// <summary>How a violation report shows the use.</summary>
    public override string ToString() => $"{From} uses {To}";
}
