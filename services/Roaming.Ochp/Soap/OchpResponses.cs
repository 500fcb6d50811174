using System.Xml.Linq;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Soap;

/// <summary>Response bodies: <c>result</c> first, then the operation's items (stored elements renamed to the response's names).</summary>
public static class OchpResponses
{
    private static readonly XNamespace Ochp = OchpNamespaces.Ochp;

    public static XElement Of(OchpOperation operation, ResultCode code, string? description, IEnumerable<XElement>? items = null) =>
        new(operation.ResponseElement, ResultElement(code, description), items);

    public static XElement ResultElement(ResultCode code, string? description)
    {
        var result = OchpXml.ToElement(Result.Of(code, description ?? ""));
        return new XElement(Ochp + "result", result.Elements());
    }

    /// <summary>An element as stored (or received), under the name the response uses for it.</summary>
    public static XElement Named(XElement item, string localName) => new(Ochp + localName, item.Attributes().Where(a => !a.IsNamespaceDeclaration), item.Nodes());

    public static XElement Parse(string storedXml) => XElement.Parse(storedXml);
}
