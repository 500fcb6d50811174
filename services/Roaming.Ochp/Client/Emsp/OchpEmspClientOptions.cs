namespace Roaming.Ochp.Client.Emsp;

/// <summary>
/// <c>Roaming:Ochp:Client:Emsp</c> beyond the login (<see cref="OchpEmspLogin"/>): how our e-MSP role keeps its
/// authorisation list at the clearing house and answers for the CDRs it receives.
/// </summary>
public sealed class OchpEmspClientOptions
{
    public const string Section = OchpClientOptions.Section + ":Emsp";

    /// <summary>How often changed tokens are uploaded (UpdateRoamingAuthorisationList).</summary>
    public TimeSpan TokenUploadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the clearing house may trust a token chargers accept (its OCHP expiryDate); OCPI tokens have no expiry.</summary>
    public TimeSpan TokenValidity { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often the whole list is uploaded again (SetRoamingAuthorisationList), which moves every expiry forward.</summary>
    public TimeSpan TokenListRefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often new CDRs (GetCDRs) and tariff updates (GetTariffUpdates) are fetched.</summary>
    public TimeSpan CdrFetchInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often decided CDRs are confirmed (ConfirmCDRs).</summary>
    public TimeSpan CdrConfirmInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Tariff updates are asked for since the last fetch minus this much, so a clock apart from the clearing house's loses none.</summary>
    public TimeSpan TariffFetchOverlap { get; set; } = TimeSpan.FromMinutes(10);

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (name, value) in new[]
                 {
                     (nameof(TokenUploadInterval), TokenUploadInterval), (nameof(TokenValidity), TokenValidity),
                     (nameof(TokenListRefreshInterval), TokenListRefreshInterval), (nameof(CdrFetchInterval), CdrFetchInterval),
                     (nameof(CdrConfirmInterval), CdrConfirmInterval),
                 })
        {
            if (value <= TimeSpan.Zero)
                problems.Add($"{Section}:{name} must be positive");
        }
        if (TariffFetchOverlap < TimeSpan.Zero)
            problems.Add($"{Section}:{nameof(TariffFetchOverlap)} must not be negative");
        // A token must outlive the next full upload, or chargers would refuse it in between.
        if (TokenValidity <= TokenListRefreshInterval)
            problems.Add($"{Section}:{nameof(TokenValidity)} must be longer than {nameof(TokenListRefreshInterval)}");
        return problems;
    }
}
