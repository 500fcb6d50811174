using System.Xml.Linq;

namespace Roaming.Protocols.Ochp;

/// <summary>The WS-Security username token of a request (PasswordText: the password in clear, over HTTPS).</summary>
public sealed record UsernameToken(string Username, string Password)
{
    // The password never goes to a log through a record's ToString.
    public override string ToString() => $"UsernameToken {{ Username = {Username} }}";
}

/// <summary>
/// A read SOAP 1.1 request: the one body element, the username token when the header has one, and the SOAPAction
/// (an HTTP header, so the server sets it: <c>request with { SoapAction = ... }</c>).
/// </summary>
public sealed record SoapRequest(XElement Body, UsernameToken? Credentials, string? SoapAction);

/// <summary>
/// A request that is no readable SOAP 1.1 message. <see cref="FaultCode"/> is the SOAP 1.1 fault code to answer with
/// (<c>soap:Client</c>, <c>soap:VersionMismatch</c> for another envelope version); the message says what is wrong.
/// </summary>
public sealed class SoapReadException(string faultCode, string message) : Exception(message)
{
    public string FaultCode { get; } = faultCode;
}

/// <summary>The peer answered with a SOAP fault (or with something that is no SOAP response).</summary>
public sealed class SoapFaultException(string faultCode, string faultString) : Exception($"{faultCode}: {faultString}")
{
    public string FaultCode { get; } = faultCode;
    public string FaultString { get; } = faultString;
}
