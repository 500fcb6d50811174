using Marten.Events.Aggregation;
using NodaTime;

namespace Roaming.Ochp.Client.Emsp.Tariffs;

/// <summary>
/// A CPO's tariff as the clearing house gave it to our e-MSP role (GetTariffUpdates), the <c>TariffInfo</c> XML as
/// received, only what applies to us (the clearing house filters the individual tariffs by recipient). Recorded when
/// new or changed; tariffs are always replaced whole.
/// </summary>
public sealed record PartnerTariffReceived(string TariffId, string OperatorId, string Xml, Instant At);

public static class ReceivedTariffStreams
{
    public static string Of(string tariffId) => $"ochp-emsp-tariff:{tariffId}";
}

public sealed record ReceivedTariff(string Id, string TariffId, string OperatorId, string Xml, Instant ReceivedAt);

public sealed class ReceivedTariffProjection : SingleStreamProjection<ReceivedTariff, string>
{
    public static ReceivedTariff Create(JasperFx.Events.IEvent<PartnerTariffReceived> received) =>
        new(received.StreamKey!, received.Data.TariffId, received.Data.OperatorId, received.Data.Xml, received.Data.At);

    public static ReceivedTariff Apply(PartnerTariffReceived received, ReceivedTariff tariff) =>
        tariff with { Xml = received.Xml, ReceivedAt = received.At };
}
