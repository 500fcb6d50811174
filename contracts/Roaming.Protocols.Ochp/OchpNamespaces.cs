namespace Roaming.Protocols.Ochp;

/// <summary>The XML namespaces of OCHP 1.4 over SOAP 1.1 with a WS-Security username token.</summary>
public static class OchpNamespaces
{
    public const string Ochp = "http://ochp.eu/1.4";
    public const string Soap = "http://schemas.xmlsoap.org/soap/envelope/";
    public const string Soap12 = "http://www.w3.org/2003/05/soap-envelope";
    public const string WsSecurity = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public const string WsUtility = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public const string PasswordText =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText";
    public const string XmlSchemaInstance = "http://www.w3.org/2001/XMLSchema-instance";
}
