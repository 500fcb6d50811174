using System.Collections.Concurrent;
using System.Xml.Linq;
using System.Xml.Serialization;

namespace Roaming.Protocols.Ochp;

/// <summary>
/// Message objects to and from XML with <see cref="XmlSerializer"/> (culture invariant by design: decimals are written
/// like <c>0.30</c>). One serializer per type, built once: building one generates code and is slow.
/// </summary>
public static class OchpXml
{
    private static readonly ConcurrentDictionary<Type, XmlSerializer> Serializers = new();

    private static readonly XmlSerializerNamespaces DefaultNamespace = CreateNamespaces();

    public static XElement ToElement<T>(T message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var document = new XDocument();
        using (var writer = document.CreateWriter())
            SerializerFor(message.GetType()).Serialize(writer, message, DefaultNamespace);
        return document.Root!;
    }

    public static T FromElement<T>(XElement element) => (T)FromElement(element, typeof(T));

    /// <summary>
    /// Reads <paramref name="element"/> as <paramref name="type"/>. Elements the type does not know are skipped; a value
    /// that does not fit its type (a bad enum, a bad number) throws <see cref="InvalidOperationException"/>: validate
    /// with <see cref="OchpSchema"/> first to tell the peer what is wrong.
    /// </summary>
    public static object FromElement(XElement element, Type type)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var reader = element.CreateReader();
        return SerializerFor(type).Deserialize(reader)
               ?? throw new InvalidOperationException($"{element.Name} read as nothing");
    }

    private static XmlSerializer SerializerFor(Type type) => Serializers.GetOrAdd(type, t => new XmlSerializer(t));

    private static XmlSerializerNamespaces CreateNamespaces()
    {
        var namespaces = new XmlSerializerNamespaces();
        namespaces.Add("", OchpNamespaces.Ochp);
        // for resultDescription xsi:nil, which otherwise gets a generated prefix on every use
        namespaces.Add("xsi", OchpNamespaces.XmlSchemaInstance);
        return namespaces;
    }
}
