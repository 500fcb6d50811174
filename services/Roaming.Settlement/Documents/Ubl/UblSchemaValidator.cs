using System.Xml;
using System.Xml.Schema;

namespace Roaming.Settlement.Documents.Ubl;

/// <summary>
/// Validates a UBL 2.1 Invoice or CreditNote against the official OASIS schemas (copied from the repository's
/// <c>spec/ubl-2.1</c> next to the assembly). Nothing is fetched: the resolver opens only files inside the schema
/// folder, and the document itself may carry no DTD (no external entities, no entity expansion).
/// </summary>
public sealed class UblSchemaValidator
{
    private static readonly Lazy<UblSchemaValidator> Shared = new(() => new UblSchemaValidator(DefaultDirectory));

    private readonly XmlSchemaSet _schemas;

    public UblSchemaValidator(string schemaDirectory)
    {
        var resolver = new SchemaFolderResolver(schemaDirectory);
        _schemas = new XmlSchemaSet { XmlResolver = resolver };
        // The schemas are ours; the xmldsig module declares its namespace through an internal DTD subset, so the
        // schema reader parses DTDs, but can open nothing outside the folder.
        var schemaReading = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = resolver };
        foreach (var main in new[] { "UBL-Invoice-2.1.xsd", "UBL-CreditNote-2.1.xsd" })
        {
            using var reader = XmlReader.Create(Path.Combine(schemaDirectory, "maindoc", main), schemaReading);
            _schemas.Add(null, reader);
        }
        _schemas.Compile();
    }

    /// <summary>The schemas as the service's build copies them (<c>Documents/Ubl/Schemas</c> in the output folder).</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Documents", "Ubl", "Schemas");

    /// <summary>Compiling the UBL schemas takes a moment; one validator serves every caller (validation only reads them).</summary>
    public static UblSchemaValidator Default => Shared.Value;

    /// <summary>The schema errors of <paramref name="document"/> (line:position and message); empty when valid.</summary>
    public IReadOnlyList<string> Validate(Stream document)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            ValidationType = ValidationType.Schema,
            Schemas = _schemas,
            ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
        };
        settings.ValidationEventHandler += (_, e) =>
            errors.Add($"{e.Severity} at {e.Exception.LineNumber}:{e.Exception.LinePosition}: {e.Message}");
        try
        {
            using var reader = XmlReader.Create(document, settings);
            while (reader.Read())
            {
            }
        }
        catch (XmlException e)
        {
            errors.Add($"not well-formed XML at {e.LineNumber}:{e.LinePosition}: {e.Message}");
        }
        return errors;
    }

    /// <summary>Resolves the schemas' imports to files of the schema folder and refuses everything else.</summary>
    private sealed class SchemaFolderResolver(string directory) : XmlUrlResolver
    {
        private readonly string _root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;

        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (!absoluteUri.IsFile || !Path.GetFullPath(absoluteUri.LocalPath).StartsWith(_root, StringComparison.Ordinal))
                throw new XmlException($"the UBL schemas may not load {absoluteUri}");
            return File.OpenRead(absoluteUri.LocalPath);
        }
    }
}
