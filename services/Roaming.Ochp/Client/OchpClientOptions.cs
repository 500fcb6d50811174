using Roaming.Contracts.Identifiers;

namespace Roaming.Ochp.Client;

/// <summary>
/// <c>Roaming:Ochp:Client</c>: Roaming as a client of a remote OCHP 1.4 clearing house (e-clearing.net or another
/// Roaming), as CPO and/or as e-MSP. Nothing runs while <see cref="Endpoint"/> is not set. Validated at start-up, so a
/// bad setting stops the process before the clearing house ever sees it.
/// </summary>
public sealed class OchpClientOptions
{
    public const string Section = "Roaming:Ochp:Client";

    /// <summary>The main port, e.g. <c>https://echs.e-clearing.net/service/ochp/v1.4</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The live port (UpdateStatus, GetStatus); when not set, derived from <see cref="Endpoint"/> (<c>/service/</c> → <c>/live/</c>).</summary>
    public string? LiveEndpoint { get; set; }

    /// <summary>Our CPO login (one login per role, as e-clearing.net issues them); optional.</summary>
    public OchpCpoLogin? Cpo { get; set; }

    /// <summary>Our e-MSP login; optional.</summary>
    public OchpEmspLogin? Emsp { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A larger answer is refused (a full authorisation list of a big e-MSP is a few MB).</summary>
    public long MaxResponseBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>How often queued CDRs are uploaded (AddCDRs).</summary>
    public TimeSpan CdrUploadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>CDRs per AddCDRs call.</summary>
    public int CdrBatchSize { get; set; } = 100;

    /// <summary>How often changed charge points are uploaded (SetChargepointList once, then UpdateChargePointList).</summary>
    public TimeSpan ChargePointUploadInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often changed EVSE statuses are sent (UpdateStatus on the live port): a few seconds.</summary>
    public TimeSpan StatusUploadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the clearing house may trust a status we send before it reads as unknown.</summary>
    public TimeSpan StatusTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the roaming authorisation list updates are fetched (GetRoamingAuthorisationListUpdates).</summary>
    public TimeSpan AuthorisationListInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The first retry after a failed upload; doubled after each failure up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>ISO 639-3 language of our locations' names (OCPI does not say it; OCHP requires it), e.g. <c>DEU</c>.</summary>
    public string LocationNameLanguage { get; set; } = "ENG";

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Endpoint);

    public Uri MainPort => new(Endpoint!, UriKind.Absolute);

    public Uri LivePort => !string.IsNullOrWhiteSpace(LiveEndpoint)
        ? new Uri(LiveEndpoint, UriKind.Absolute)
        : new Uri(Endpoint!.Replace("/service/", "/live/", StringComparison.Ordinal), UriKind.Absolute);

    /// <summary>Every problem at once; an empty list means valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!IsEnabled)
            return problems;
        if (!IsHttpUrl(Endpoint))
            problems.Add($"{Section}:Endpoint must be an absolute http(s) URL");
        if (!string.IsNullOrWhiteSpace(LiveEndpoint) && !IsHttpUrl(LiveEndpoint))
            problems.Add($"{Section}:LiveEndpoint must be an absolute http(s) URL");
        if (string.IsNullOrWhiteSpace(LiveEndpoint) && IsHttpUrl(Endpoint) && !Endpoint!.Contains("/service/", StringComparison.Ordinal))
            problems.Add($"{Section}:LiveEndpoint must be set when Endpoint has no /service/ segment to derive it from");
        if (Cpo is null && Emsp is null)
            problems.Add($"{Section}: at least one of Cpo and Emsp must be set");
        if (Cpo is not null)
        {
            RequireLogin("Cpo", Cpo.Username, Cpo.Password, problems);
            if (!OperatorId.TryParse(Cpo.OperatorId, out _))
                problems.Add($"{Section}:Cpo:OperatorId must be an Operator-ID such as DE*ABC");
        }
        if (Emsp is not null)
        {
            RequireLogin("Emsp", Emsp.Username, Emsp.Password, problems);
            if (!ProviderId.TryParse(Emsp.ProviderId, out _))
                problems.Add($"{Section}:Emsp:ProviderId must be a Provider-ID such as DE*8AA");
        }
        foreach (var (name, value) in new[]
                 {
                     (nameof(RequestTimeout), RequestTimeout), (nameof(CdrUploadInterval), CdrUploadInterval),
                     (nameof(ChargePointUploadInterval), ChargePointUploadInterval), (nameof(StatusUploadInterval), StatusUploadInterval),
                     (nameof(StatusTtl), StatusTtl), (nameof(AuthorisationListInterval), AuthorisationListInterval),
                     (nameof(RetryFirstDelay), RetryFirstDelay), (nameof(RetryMaxDelay), RetryMaxDelay),
                 })
        {
            if (value <= TimeSpan.Zero)
                problems.Add($"{Section}:{name} must be positive");
        }
        if (CdrBatchSize is < 1 or > 1000)
            problems.Add($"{Section}:CdrBatchSize must be between 1 and 1000");
        if (LocationNameLanguage is not { Length: 3 } language || !language.All(char.IsAsciiLetter))
            problems.Add($"{Section}:LocationNameLanguage must be an ISO 639-3 code such as DEU");
        if (MaxResponseBytes < 1024)
            problems.Add($"{Section}:MaxResponseBytes must be at least 1024");
        return problems;
    }

    public void Validate()
    {
        var problems = Problems();
        if (problems.Count > 0)
            throw new InvalidOperationException("Invalid OCHP client settings: " + string.Join("; ", problems));
    }

    private static void RequireLogin(string role, string? username, string? password, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(username))
            problems.Add($"{Section}:{role}:Username is required");
        if (string.IsNullOrEmpty(password))
            problems.Add($"{Section}:{role}:Password is required");
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

public sealed class OchpCpoLogin
{
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Our Operator-ID (<c>DE*ABC</c>): the prefix of our EVSE-IDs and CDR ids.</summary>
    public string? OperatorId { get; set; }
}

public sealed class OchpEmspLogin
{
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Our Provider-ID (<c>DE*8AA</c>): the prefix of our contract ids.</summary>
    public string? ProviderId { get; set; }
}
