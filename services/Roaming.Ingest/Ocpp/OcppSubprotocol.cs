namespace Roaming.Ingest.Ocpp;

/// <summary>
/// WebSocket sub-protocol tokens (<c>Sec-WebSocket-Protocol</c>) and the server's choice among them.
/// </summary>
public static class OcppSubprotocol
{
    public const string V16 = "ocpp1.6";
    public const string V201 = "ocpp2.0.1";

    /// <summary>Server preference: newest first.</summary>
    private static readonly string[] Preference = [V201, V16];

    /// <summary>
    /// Picks the sub-protocol to accept from what the charger offered, in the server's preference order
    /// (2.0.1, then 1.6). Tolerant of real chargers: every entry is split on commas, trimmed, empty tokens
    /// are ignored (KEBA sent <c>",ocpp2.0.1"</c>) and tokens compare case-insensitively.
    /// Returns the token <b>as the charger spelt it</b> (trimmed), because RFC 6455 clients check that the
    /// server echoes one of their own values; <c>null</c> when nothing matches (<c>"ocpp1.5"</c>, <c>"ocpp1.6j"</c>,
    /// no header at all); what to do then is the endpoint's policy.
    /// </summary>
    public static string? Negotiate(IEnumerable<string?>? requested)
    {
        if (requested is null)
        {
            return null;
        }

        var offered = new List<string>();
        foreach (var entry in requested)
        {
            if (string.IsNullOrWhiteSpace(entry))
            {
                continue;
            }

            foreach (var token in entry.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                offered.Add(token);
            }
        }

        foreach (var preferred in Preference)
        {
            foreach (var token in offered)
            {
                if (string.Equals(token, preferred, StringComparison.OrdinalIgnoreCase))
                {
                    return token;
                }
            }
        }

        return null;
    }

    /// <summary>Maps a negotiated token (any case) to its version; throws for anything else.</summary>
    public static OcppVersion ToVersion(string subprotocol) =>
        TryToVersion(subprotocol, out var version)
            ? version
            : throw new ArgumentOutOfRangeException(nameof(subprotocol), subprotocol, "Not an OCPP sub-protocol this CSMS speaks.");

    public static bool TryToVersion(string? subprotocol, out OcppVersion version)
    {
        var token = subprotocol?.Trim();
        if (string.Equals(token, V201, StringComparison.OrdinalIgnoreCase))
        {
            version = OcppVersion.V201;
            return true;
        }

        if (string.Equals(token, V16, StringComparison.OrdinalIgnoreCase))
        {
            version = OcppVersion.V16;
            return true;
        }

        version = default;
        return false;
    }

    /// <summary>The canonical token of a version (<c>ocpp1.6</c> / <c>ocpp2.0.1</c>).</summary>
    public static string ToSubprotocol(this OcppVersion version) => version switch
    {
        OcppVersion.V16 => V16,
        OcppVersion.V201 => V201,
        _ => throw new ArgumentOutOfRangeException(nameof(version), version, null),
    };
}
