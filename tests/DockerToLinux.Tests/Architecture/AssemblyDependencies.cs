using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace DockerToLinux.Tests.Architecture;

/// <summary>
/// Reads which types each type of a compiled assembly uses: its base type and interfaces, generic constraints,
/// attributes, the signatures of its fields, methods and properties, and in each method body the locals, the
/// caught exceptions and every type, method and field the IL names. Compiler-made types (closures, async state
/// machines) are nested in the type whose code they hold, so their uses count as that type's.
/// </summary>
public static class AssemblyDependencies
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value, code => code.OperandType);

    /// <summary>Every use of a type by a type of the assembly at <paramref name="path"/>, each once.</summary>
    public static IReadOnlyList<TypeDependency> Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var types = new SignatureTypes(reader);
        var found = new HashSet<TypeDependency>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var from = types.Name(handle);
            foreach (var to in Uses(pe, reader, types, handle))
            {
                if (to.FullName != from.FullName)
                {
                    found.Add(new TypeDependency(from.FullName, from.Namespace, to.FullName, to.Namespace));
                }
            }
        }
        return [.. found];
    }

    private static IEnumerable<TypeName> Uses(PEReader pe, MetadataReader reader, SignatureTypes types, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var uses = new List<TypeName>();
        uses.AddRange(Entity(reader, types, type.BaseType));
        foreach (var implementation in type.GetInterfaceImplementations())
        {
            uses.AddRange(Entity(reader, types, reader.GetInterfaceImplementation(implementation).Interface));
        }
        uses.AddRange(Constraints(reader, types, type.GetGenericParameters()));
        uses.AddRange(Attributes(reader, types, type.GetCustomAttributes()));
        foreach (var fieldHandle in type.GetFields())
        {
            var field = reader.GetFieldDefinition(fieldHandle);
            uses.AddRange(field.DecodeSignature(types, null));
            uses.AddRange(Attributes(reader, types, field.GetCustomAttributes()));
        }
        foreach (var propertyHandle in type.GetProperties())
        {
            var property = reader.GetPropertyDefinition(propertyHandle);
            uses.AddRange(Signature(property.DecodeSignature(types, null)));
            uses.AddRange(Attributes(reader, types, property.GetCustomAttributes()));
        }
        foreach (var eventHandle in type.GetEvents())
        {
            uses.AddRange(Entity(reader, types, reader.GetEventDefinition(eventHandle).Type));
        }
        foreach (var methodHandle in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(methodHandle);
            uses.AddRange(Signature(method.DecodeSignature(types, null)));
            uses.AddRange(Constraints(reader, types, method.GetGenericParameters()));
            uses.AddRange(Attributes(reader, types, method.GetCustomAttributes()));
            if (method.RelativeVirtualAddress != 0)
            {
                uses.AddRange(Body(reader, types, pe.GetMethodBody(method.RelativeVirtualAddress)));
            }
        }
        return uses;
    }

    private static IEnumerable<TypeName> Body(MetadataReader reader, SignatureTypes types, MethodBodyBlock body)
    {
        if (!body.LocalSignature.IsNil)
        {
            foreach (var local in reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(types, null))
            {
                foreach (var name in local)
                {
                    yield return name;
                }
            }
        }
        foreach (var region in body.ExceptionRegions)
        {
            foreach (var name in Entity(reader, types, region.CatchType))
            {
                yield return name;
            }
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            byte first = il.ReadByte();
            short code = first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first;
            switch (Operands[code])
            {
                case OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField:
                    foreach (var name in Entity(reader, types, MetadataTokens.EntityHandle(il.ReadInt32())))
                    {
                        yield return name;
                    }
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                default:
                    il.Offset += OperandSize(Operands[code]);
                    break;
            }
        }
    }

    private static int OperandSize(OperandType operand) => operand switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4,
    };

    // The types a metadata entity names: a type itself, or the declaring type and signature of a member.
    private static ImmutableArray<TypeName> Entity(MetadataReader reader, SignatureTypes types, EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return [];
        }
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [types.Name((TypeDefinitionHandle)handle)];
            case HandleKind.TypeReference:
                return [types.Name((TypeReferenceHandle)handle)];
            case HandleKind.TypeSpecification:
                return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(types, null);
            case HandleKind.MethodDefinition:
                return [types.Name(reader.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType())];
            case HandleKind.FieldDefinition:
                return [types.Name(reader.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType())];
            case HandleKind.MemberReference:
                var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                var parent = Entity(reader, types, member.Parent);
                return member.GetKind() == MemberReferenceKind.Method
                    ? [.. parent, .. Signature(member.DecodeMethodSignature(types, null))]
                    : [.. parent, .. member.DecodeFieldSignature(types, null)];
            case HandleKind.MethodSpecification:
                var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                return [.. Entity(reader, types, specification.Method),
                    .. specification.DecodeSignature(types, null).SelectMany(argument => argument)];
            default:
                return [];
        }
    }

    private static IEnumerable<TypeName> Signature(MethodSignature<ImmutableArray<TypeName>> signature) =>
        signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(parameter => parameter));

    private static IEnumerable<TypeName> Constraints(MetadataReader reader, SignatureTypes types, GenericParameterHandleCollection parameters) =>
        parameters.SelectMany(parameter => reader.GetGenericParameter(parameter).GetConstraints())
            .SelectMany(constraint => Entity(reader, types, reader.GetGenericParameterConstraint(constraint).Type));

    private static IEnumerable<TypeName> Attributes(MetadataReader reader, SignatureTypes types, CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(attribute => Entity(reader, types, reader.GetCustomAttribute(attribute).Constructor));
}
