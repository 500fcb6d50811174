using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Roaming.Protocols.Ochp;

/// <summary>
/// SOAP 1.1 envelopes for OCHP: reading requests safely (no DTD, no entity, bounded size), writing responses and faults,
/// and the client side (requests with a WS-Security username token, reading responses and faults).
/// </summary>
public static class SoapEnvelope
{
    public const string ClientFault = "soap:Client";
    public const string ServerFault = "soap:Server";
    public const string VersionMismatchFault = "soap:VersionMismatch";

    private static readonly XNamespace Soap = OchpNamespaces.Soap;
    private static readonly XNamespace Wsse = OchpNamespaces.WsSecurity;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Reads a request of at most <paramref name="maxBytes"/> bytes. Throws <see cref="SoapReadException"/> with the
    /// fault code and a message for the peer when it is too large, not well-formed, has a DTD, is no SOAP 1.1 envelope,
    /// or its Body does not hold exactly one element.
    /// </summary>
    public static async Task<SoapRequest> ReadAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        var bytes = await ReadBoundedAsync(body, maxBytes, ClientFault, "request", ct);
        var envelope = Parse(bytes, maxBytes, ClientFault, "request");
        return new SoapRequest(SingleBodyElement(envelope, ClientFault), CredentialsOf(envelope), SoapAction: null);
    }

    /// <summary>A SOAP 1.1 response envelope, UTF-8, without header (OCHP responses carry none).</summary>
    public static byte[] Response(XElement body) => Write(Envelope(header: null, body));

    /// <summary>A SOAP 1.1 fault; <paramref name="faultCode"/> like <c>soap:Client</c> (a bare <c>Client</c> gets the prefix).</summary>
    public static byte[] Fault(string faultCode, string faultString)
    {
        var code = faultCode.Contains(':') ? faultCode : "soap:" + faultCode;
        return Write(Envelope(header: null,
            new XElement(Soap + "Fault",
                new XElement("faultcode", code),
                new XElement("faultstring", faultString))));
    }

    /// <summary>A client request with <c>wsse:Security/wsse:UsernameToken</c> (PasswordText) in the header.</summary>
    public static byte[] Request(XElement body, UsernameToken credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var security = new XElement(Wsse + "Security",
            new XAttribute(XNamespace.Xmlns + "wsse", Wsse.NamespaceName),
            new XAttribute(Soap + "mustUnderstand", "1"),
            new XElement(Wsse + "UsernameToken",
                new XElement(Wsse + "Username", credentials.Username),
                new XElement(Wsse + "Password", new XAttribute("Type", OchpNamespaces.PasswordText), credentials.Password)));
        return Write(Envelope(new XElement(Soap + "Header", security), body));
    }

    /// <summary>
    /// Client side: the body element of a response. Throws <see cref="SoapFaultException"/> when the peer answered with a
    /// fault, <see cref="SoapReadException"/> (<c>soap:Server</c>: the peer's fault) when the answer is no readable SOAP 1.1
    /// response.
    /// </summary>
    public static XElement ReadResponse(Stream body, long maxBytes)
    {
        var bytes = ReadBounded(body, maxBytes, ServerFault, "response");
        var envelope = Parse(bytes, maxBytes, ServerFault, "response");
        var element = SingleBodyElement(envelope, ServerFault);
        if (element.Name == Soap + "Fault")
            throw new SoapFaultException(
                element.Element("faultcode")?.Value.Trim() ?? ServerFault,
                element.Element("faultstring")?.Value ?? "");
        return element;
    }

    private static XElement Envelope(XElement? header, XElement body) =>
        new(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap.NamespaceName),
            header,
            new XElement(Soap + "Body", body));

    private static byte[] Write(XElement envelope)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = Utf8, Indent = false }))
            new XDocument(envelope).Save(writer);
        return buffer.ToArray();
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, string faultCode, string what, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
            Append(buffer, chunk, read, maxBytes, faultCode, what);
        return buffer.ToArray();
    }

    private static byte[] ReadBounded(Stream body, long maxBytes, string faultCode, string what)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = body.Read(chunk)) > 0)
            Append(buffer, chunk, read, maxBytes, faultCode, what);
        return buffer.ToArray();
    }

    // Stops reading at the limit: a body of any size never takes more than maxBytes of memory.
    private static void Append(MemoryStream buffer, byte[] chunk, int count, long maxBytes, string faultCode, string what)
    {
        if (buffer.Length + count > maxBytes)
            throw new SoapReadException(faultCode, $"The {what} is larger than {maxBytes} bytes");
        buffer.Write(chunk, 0, count);
    }

    private static XElement Parse(byte[] bytes, long maxBytes, string faultCode, string what)
    {
        var settings = new XmlReaderSettings
        {
            // No DTD: it is where external entities (file:///etc/passwd) and entity expansion ("billion laughs") live.
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            // Without a DTD only the predefined entities and character references remain; bound them anyway.
            MaxCharactersFromEntities = 1024,
            MaxCharactersInDocument = maxBytes,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            document = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e) when (e.Message.Contains("DTD", StringComparison.Ordinal))
        {
            throw new SoapReadException(faultCode,
                $"The {what} contains a DTD (<!DOCTYPE ...>); SOAP messages must not (line {e.LineNumber}, position {e.LinePosition})");
        }
        catch (XmlException e)
        {
            throw new SoapReadException(faultCode, $"The {what} is not well-formed XML: {e.Message}");
        }

        var root = document.Root!;
        if (root.Name == Soap + "Envelope")
            return root;
        if (root.Name.LocalName == "Envelope" && root.Name.NamespaceName == OchpNamespaces.Soap12)
            throw new SoapReadException(VersionMismatchFault,
                $"The {what} is a SOAP 1.2 envelope; OCHP uses SOAP 1.1 ({OchpNamespaces.Soap})");
        if (root.Name.LocalName == "Envelope")
            throw new SoapReadException(VersionMismatchFault,
                $"The {what}'s envelope namespace '{root.Name.NamespaceName}' is not SOAP 1.1 ({OchpNamespaces.Soap})");
        throw new SoapReadException(faultCode, $"The {what} is not a SOAP envelope: its root element is {root.Name}");
    }

    private static XElement SingleBodyElement(XElement envelope, string faultCode)
    {
        var bodies = envelope.Elements(Soap + "Body").ToList();
        if (bodies.Count != 1)
            throw new SoapReadException(faultCode,
                bodies.Count == 0 ? "The SOAP envelope has no Body" : $"The SOAP envelope has {bodies.Count} Body elements");
        var elements = bodies[0].Elements().ToList();
        return elements.Count switch
        {
            1 => elements[0],
            0 => throw new SoapReadException(faultCode, "The SOAP Body is empty; it must hold one OCHP message element"),
            _ => throw new SoapReadException(faultCode,
                $"The SOAP Body holds {elements.Count} elements ({string.Join(", ", elements.Select(e => e.Name.LocalName))}); it must hold exactly one"),
        };
    }

    /// <summary>
    /// <c>wsse:Security/wsse:UsernameToken/{Username, Password}</c>, whatever the prefixes; other children (Nonce, Created)
    /// and <c>mustUnderstand</c> are ignored. Null when the header has no username token.
    /// </summary>
    private static UsernameToken? CredentialsOf(XElement envelope)
    {
        var token = envelope.Elements(Soap + "Header").Elements(Wsse + "Security").Elements(Wsse + "UsernameToken").FirstOrDefault();
        if (token is null)
            return null;
        var username = token.Element(Wsse + "Username")?.Value;
        var password = token.Element(Wsse + "Password");
        if (username is null || password is null)
            throw new SoapReadException(ClientFault, "The wsse:UsernameToken must hold a wsse:Username and a wsse:Password");
        var type = password.Attribute("Type")?.Value;
        if (type is not null && type != OchpNamespaces.PasswordText)
            throw new SoapReadException(ClientFault,
                $"The wsse:Password Type '{type}' is not supported; OCHP uses PasswordText ({OchpNamespaces.PasswordText})");
        return new UsernameToken(username.Trim(), password.Value);
    }
}
