using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.Tariffs;

/// <summary>One of our CPO's tariffs changed (Charging's <c>TariffChanged</c>) and is queued for the clearing house.</summary>
public sealed record OwnTariffQueued(string TariffKey, string OcpiTariffId, string? TariffJson, bool Removed, Instant ChangedAt);

/// <summary>The clearing house took <paramref name="Revision"/> of the tariff under <paramref name="OchpTariffId"/> (UpdateTariffs).</summary>
public sealed record OwnTariffPublished(string TariffKey, int Revision, string OchpTariffId, Instant At);

/// <summary><paramref name="Revision"/> is not published: refused by the clearing house, or not expressible in OCHP (<paramref name="ByUs"/>).</summary>
public sealed record OwnTariffRefused(string TariffKey, int Revision, string Reason, bool ByUs, Instant At);

public static class OwnTariffStreams
{
    public static string Of(string tariffKey) => $"ochp-cpo-tariff:{tariffKey}";
}

/// <summary>Where one of our tariffs stands at the clearing house (<c>GET /api/ochp/client/tariffs</c>).</summary>
public sealed record OwnTariff(string Id, string TariffKey, string OcpiTariffId, string? TariffJson, bool Removed, int Revision, int AnsweredRevision,
    string State, string? OchpTariffId, string? Reason, Instant ChangedAt, Instant? AnsweredAt)
{
    public const string Queued = "queued";
    public const string Published = "published";
    public const string Refused = "refused";
    /// <summary>Removed here; OCHP has no way to withdraw a tariff, so the clearing house keeps the last one we published.</summary>
    public const string Withdrawn = "withdrawn";
}

public sealed class OwnTariffProjection : SingleStreamProjection<OwnTariff, string>
{
    public static OwnTariff Create(JasperFx.Events.IEvent<OwnTariffQueued> queued) =>
        Apply(queued.Data, new OwnTariff(queued.StreamKey!, queued.Data.TariffKey, queued.Data.OcpiTariffId, null, false, 0, 0, OwnTariff.Queued, null, null,
            queued.Data.ChangedAt, null));

    public static OwnTariff Apply(OwnTariffQueued queued, OwnTariff tariff) => tariff with
    {
        TariffJson = queued.TariffJson ?? tariff.TariffJson, Removed = queued.Removed, Revision = tariff.Revision + 1,
        State = queued.Removed ? OwnTariff.Withdrawn : OwnTariff.Queued, ChangedAt = queued.ChangedAt,
    };

    public static OwnTariff Apply(OwnTariffPublished published, OwnTariff tariff) => tariff with
    {
        AnsweredRevision = published.Revision, OchpTariffId = published.OchpTariffId, Reason = null, AnsweredAt = published.At,
        State = published.Revision == tariff.Revision ? OwnTariff.Published : tariff.State,
    };

    public static OwnTariff Apply(OwnTariffRefused refused, OwnTariff tariff) => tariff with
    {
        AnsweredRevision = refused.Revision, Reason = refused.Reason, AnsweredAt = refused.At,
        State = refused.Revision == tariff.Revision ? OwnTariff.Refused : tariff.State,
    };
}
