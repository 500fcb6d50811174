using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Roaming.Protocols.Ochp;

/// <summary>
/// A schema problem of a message. <see cref="ItemIndex"/> is the 0-based index of the repeated top-level child of the
/// message (e.g. the 4th <c>cdrInfoArray</c> is 3) the problem is in, null when it is outside any item;
/// <see cref="ItemElement"/> that child's local name. Line and position are known when the element was loaded with
/// line information.
/// </summary>
public sealed record SchemaProblem(string Message, string? ItemElement, int? ItemIndex, int? Line, int? Position);

/// <summary>
/// Validates request and response elements against the OCHP 1.4 XSDs (<c>spec/ochp-1.4/types</c>), compiled once from
/// the copies embedded in this assembly.
/// </summary>
public static class OchpSchema
{
    private const string ResourcePrefix = "ochp-1.4/types/";
    private static readonly Uri BaseUri = new("ochp-embedded:///" + ResourcePrefix);

    private static readonly Lazy<XmlSchemaSet> Schemas = new(Compile);

    public static IReadOnlyList<SchemaProblem> Validate(XElement message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var declaration = Schemas.Value.GlobalElements[new XmlQualifiedName(message.Name.LocalName, message.Name.NamespaceName)];
        if (declaration is null)
        {
            var (line, position) = LineOf(message);
            return [new SchemaProblem($"{message.Name} is not an OCHP 1.4 message element", null, null, line, position)];
        }

        var problems = new List<SchemaProblem>();
        message.Validate(declaration, Schemas.Value, (sender, e) => problems.Add(Problem(message, sender as XObject, e)));
        return problems;
    }

    private static SchemaProblem Problem(XElement message, XObject? source, ValidationEventArgs e)
    {
        var item = source is null ? null : ItemOf(message, source);
        int? index = item is null ? null : item.ElementsBeforeSelf(item.Name).Count();
        var (line, position) = source is null ? (null, null) : LineOf(source);
        if (line is null && e.Exception.LineNumber > 0)
            (line, position) = (e.Exception.LineNumber, e.Exception.LinePosition);
        return new SchemaProblem(e.Message, item?.Name.LocalName, index, line, position);
    }

    /// <summary>The child of the message that holds <paramref name="source"/>, or null for the message itself.</summary>
    private static XElement? ItemOf(XElement message, XObject source)
    {
        var element = source as XElement ?? source.Parent;
        while (element is not null && element.Parent != message)
            element = element == message ? null : element.Parent;
        return element;
    }

    private static (int? Line, int? Position) LineOf(XObject source) =>
        source is IXmlLineInfo info && info.HasLineInfo() ? (info.LineNumber, info.LinePosition) : (null, null);

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet { XmlResolver = new EmbeddedSchemaResolver() };
        set.Add(OchpNamespaces.Ochp, new Uri(BaseUri, "message-elements.xsd").AbsoluteUri);
        set.Compile();
        return set;
    }

    /// <summary>Serves only this assembly's embedded XSDs: the <c>xs:include</c>s never reach a disk or the network.</summary>
    private sealed class EmbeddedSchemaResolver : XmlResolver
    {
        public override object GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (absoluteUri.Scheme != BaseUri.Scheme)
                throw new XmlException($"OCHP schemas only include each other, not {absoluteUri}");
            var name = ResourcePrefix + Path.GetFileName(absoluteUri.AbsolutePath);
            return typeof(OchpSchema).Assembly.GetManifestResourceStream(name)
                   ?? throw new XmlException($"no embedded schema {name}");
        }
    }
}
