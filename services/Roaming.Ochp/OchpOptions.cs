using NodaTime;

namespace Roaming.Ochp;

/// <summary>Settings of the OCHP service (section <c>Roaming:Ochp</c>).</summary>
public sealed class OchpOptions
{
    public const string Section = "Roaming:Ochp";

    /// <summary>The largest SOAP request read, in bytes; a larger one gets a SOAP fault before it is parsed.</summary>
    public long MaxRequestBodySize { get; set; } = 10_000_000;

    /// <summary>How long an EVSE status is valid when neither the status nor the request names a <c>ttl</c>.</summary>
    public TimeSpan DefaultStatusTtl { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an AddCDRs, GetCDRs, CheckCDRs or ConfirmCDRs call waits for the clearing service.</summary>
    public TimeSpan ClearingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The expiry the bridge gives an OCPI e-MSP's valid token in OCHP authorisation lists (OCPI tokens do not expire;
    /// OCHP entries must): the e-MSP's next change of the token, or a revocation, comes through the hub before that.
    /// </summary>
    public TimeSpan BridgedTokenValidity { get; set; } = TimeSpan.FromDays(365);

    public Duration StatusTtl => Duration.FromTimeSpan(DefaultStatusTtl);

    public Duration TokenValidity => Duration.FromTimeSpan(BridgedTokenValidity);
}
