using System.Reflection;
using System.Runtime.CompilerServices;

namespace DockerToLinux.Tests.Architecture;

/// <summary>
/// The public surface of an assembly as sorted lines of text: one per type, and one per member a caller outside
/// the assembly can use (public, or protected), with C# type names and their nullability. The members a record
/// gets from the compiler (equality, <c>Deconstruct</c>, <c>ToString</c>) follow from its properties and are left out.
/// </summary>
internal static class PublicSurface
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(byte)] = "byte", [typeof(int)] = "int",
        [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong", [typeof(double)] = "double",
        [typeof(string)] = "string", [typeof(object)] = "object",
    };

    public static IReadOnlyList<string> Of(Assembly assembly) =>
        assembly.GetExportedTypes()
            .SelectMany(type => Members(type).Prepend(Describe(type)))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string Describe(Type type) =>
        $"{Kind(type)} {type.FullName}"
        + (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) ? $" : {Name(b)}" : "");

    private static string Kind(Type type) =>
        type.IsEnum ? "enum"
        : type.IsInterface ? "interface"
        : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class"
        : type.IsAbstract ? "abstract class"
        : type.IsSealed ? "sealed class"
        : "class";

    private static IEnumerable<string> Members(Type type)
    {
        var nullability = new NullabilityInfoContext();
        foreach (var member in type.GetMembers(Declared).Where(Visible))
        {
            string? text = member switch
            {
                _ when member.IsDefined(typeof(CompilerGeneratedAttribute)) => null,
                FieldInfo { IsSpecialName: true } => null,
                FieldInfo f when type.IsEnum => $"value {f.Name}",
                FieldInfo f => $"{(f.IsLiteral ? "const" : f.IsStatic ? "static" : "field")} {Name(nullability.Create(f))} {f.Name}",
                ConstructorInfo c => $"ctor({Parameters(c, nullability)})",
                MethodInfo { IsSpecialName: true } => null,
                MethodInfo m => $"{(m.IsStatic ? "static " : "")}{Name(nullability.Create(m.ReturnParameter))} {m.Name}({Parameters(m, nullability)})",
                PropertyInfo p => $"{(p.GetMethod?.IsStatic == true ? "static " : "")}{Name(nullability.Create(p))} {p.Name} {{{Accessors(p)} }}",
                EventInfo e => $"event {Name(nullability.Create(e))} {e.Name}",
                _ => null,
            };
            if (text is not null)
            {
                yield return $"{type.FullName}: {text}";
            }
        }
    }

    private static bool Visible(MemberInfo member) => member switch
    {
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        MethodBase m => Visible(m),
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(Visible),
        EventInfo e => e.AddMethod is { } add && Visible(add),
        _ => false,
    };

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Accessors(PropertyInfo property) =>
        (property.GetMethod is { } get && Visible(get) ? " get;" : "")
        + (property.SetMethod is { } set && Visible(set)
            ? set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? " init;" : " set;"
            : "");

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p =>
            $"{(p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : "")}{Name(nullability.Create(p))} {p.Name}"
            + (p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")));

    private static string Name(NullabilityInfo info)
    {
        var type = info.Type.IsByRef ? info.Type.GetElementType()! : info.Type;
        string mark = info.ReadState == NullabilityState.Nullable && !type.IsValueType ? "?" : "";
        if (info.ElementType is { } element)
        {
            return Name(element) + "[]" + mark;
        }
        if (type.IsGenericType && Nullable.GetUnderlyingType(type) is null)
        {
            return $"{GenericName(type)}<{string.Join(", ", info.GenericTypeArguments.Select(Name))}>{mark}";
        }
        return Name(type) + mark;
    }

    private static string Name(Type type) =>
        Nullable.GetUnderlyingType(type) is { } inner ? Name(inner) + "?"
        : type.IsGenericType ? $"{GenericName(type)}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : Keywords.GetValueOrDefault(type) ?? type.Name;

    private static string GenericName(Type type) => type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
}
