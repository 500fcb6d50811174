namespace Roaming.Ocpi.Transport;

/// <summary>OCPI 2.2.1 status codes (transport_and_format 4.1.x): 1xxx success, 2xxx client, 3xxx server, 4xxx hub errors.</summary>
public static class OcpiStatus
{
    public const int Success = 1000;
    public const int ClientError = 2000;
    public const int InvalidOrMissingParameters = 2001;
    public const int NotEnoughInformation = 2002;
    public const int UnknownLocation = 2003;
    public const int UnknownToken = 2004;
    public const int ServerError = 3000;
    public const int UnableToUseClientApi = 3001;
    public const int UnsupportedVersion = 3002;
    public const int NoMatchingEndpoints = 3003;
    public const int HubError = 4000;
    public const int UnknownReceiver = 4001;
    public const int ForwardedRequestTimedOut = 4002;
    public const int ReceiverNotConnected = 4003;

    public static bool IsSuccess(int code) => code is >= 1000 and < 2000;
}
