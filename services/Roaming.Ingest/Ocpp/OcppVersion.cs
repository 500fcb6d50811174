namespace Roaming.Ingest.Ocpp;

/// <summary>The OCPP-J versions the CSMS speaks; picked per connection from the negotiated sub-protocol.</summary>
public enum OcppVersion
{
    V16,
    V201,
}
