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

    public Duration StatusTtl => Duration.FromTimeSpan(DefaultStatusTtl);
}
