using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace DockerToLinux.Tests.Architecture;

/// <summary>A type's name as metadata spells it.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="FullName">Namespace and name.</param>
public sealed record TypeName(string Namespace, string FullName);

/// <summary>
/// Decodes signatures into the named types they mention: a generic instantiation, an array or a pointer
/// mentions the types it is made of; primitives and generic parameters mention none.
/// </summary>
internal sealed class SignatureTypes(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<TypeName>, object?>
{
    public ImmutableArray<TypeName> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
        [Name(handle)];

    public ImmutableArray<TypeName> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind) =>
        [Name(handle)];

    public ImmutableArray<TypeName> GetTypeFromSpecification(MetadataReader metadata, object? genericContext,
        TypeSpecificationHandle handle, byte rawTypeKind) =>
        reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

    public ImmutableArray<TypeName> GetGenericInstantiation(ImmutableArray<TypeName> genericType, ImmutableArray<ImmutableArray<TypeName>> typeArguments) =>
        [.. genericType, .. typeArguments.SelectMany(argument => argument)];

    public ImmutableArray<TypeName> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeName>> signature) =>
        [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(parameter => parameter)];

    public ImmutableArray<TypeName> GetModifiedType(ImmutableArray<TypeName> modifier, ImmutableArray<TypeName> unmodifiedType, bool isRequired) =>
        [.. modifier, .. unmodifiedType];

    public ImmutableArray<TypeName> GetArrayType(ImmutableArray<TypeName> elementType, ArrayShape shape) => elementType;

    public ImmutableArray<TypeName> GetSZArrayType(ImmutableArray<TypeName> elementType) => elementType;

    public ImmutableArray<TypeName> GetByReferenceType(ImmutableArray<TypeName> elementType) => elementType;

    public ImmutableArray<TypeName> GetPointerType(ImmutableArray<TypeName> elementType) => elementType;

    public ImmutableArray<TypeName> GetPinnedType(ImmutableArray<TypeName> elementType) => elementType;

    public ImmutableArray<TypeName> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

    public ImmutableArray<TypeName> GetGenericMethodParameter(object? genericContext, int index) => [];

    public ImmutableArray<TypeName> GetGenericTypeParameter(object? genericContext, int index) => [];

    /// <summary>
    /// The name of a type defined in the assembly read; a nested type (a closure, a state machine, a type
    /// declared inside another) is named as its outermost type, whose code it is.
    /// </summary>
    public TypeName Name(TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var outer = type.GetDeclaringType();
        return outer.IsNil ? Named(type.Namespace, type.Name) : Name(outer);
    }

    /// <summary>The name of a type that a reference names (a nested type is named as its outermost type).</summary>
    public TypeName Name(TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? Name((TypeReferenceHandle)type.ResolutionScope)
            : Named(type.Namespace, type.Name);
    }

    private TypeName Named(StringHandle nsHandle, StringHandle nameHandle)
    {
        string ns = reader.GetString(nsHandle);
        string name = reader.GetString(nameHandle);
        return new TypeName(ns, ns.Length == 0 ? name : $"{ns}.{name}");
    }
}
