using JasperFx.Events;
using Roaming.Clearing.Cdrs;
using Roaming.Clearing.Connections;
using Roaming.Clearing.Participants;
using Roaming.Platform.Marten;
using Roaming.Platform.Messaging;
using V1 = Roaming.Contracts.Clearing.V1;

namespace Roaming.Clearing;

/// <summary>
/// What Clearing tells the protocol adapters and settlement: every participant change (with the OCHP password hash, never
/// the password), connections started and ended, and every CDR status transition with its actor.
/// </summary>
public sealed class ClearingIntegrationEvents : IIntegrationEventMap<IClearingStore>
{
    public object? ToMessage(IEvent stored) => stored.Data switch
    {
        ParticipantRegistered p => new V1.ParticipantChanged(p.ParticipantId, p.Name, p.OperatorIds, p.ProviderIds, Login(p.Ochp), p.At),
        ParticipantChanged p => new V1.ParticipantChanged(p.ParticipantId, p.Name, p.OperatorIds, p.ProviderIds, Login(p.Ochp), p.At),
        ConnectionStarted started => new V1.RoamingConnectionStarted(started.OperatorId, started.ProviderId, started.At),
        ConnectionEnded ended => new V1.RoamingConnectionEnded(ended.OperatorId, ended.ProviderId, ended.At),
        CdrUploaded { Cdr.Status: CdrStatuses.New } uploaded => Changed(uploaded.Parties, CdrStatuses.New, null, uploaded.At, stored, uploaded.Cdr),
        CdrAccepted accepted => Changed(accepted.Parties, CdrStatuses.Accepted, null, accepted.At, stored),
        CdrFoundImplausible implausible => Changed(implausible.Parties, CdrStatuses.Implausible, $"{implausible.Rule}: {implausible.Reason}", implausible.At, stored),
        CdrApproved approved => Changed(approved.Parties, CdrStatuses.Approved, null, approved.At, stored),
        CdrDeclined declined => Changed(declined.Parties, CdrStatuses.Declined, declined.Reason, declined.At, stored),
        CdrRevised revised => Changed(revised.Parties, CdrStatuses.Revised, null, revised.At, stored, revised.Cdr),
        CdrRejected rejected => Changed(rejected.Parties, CdrStatuses.Rejected, null, rejected.At, stored),
        _ => null,
    };

    public IReadOnlyCollection<Type>? PublishedEventTypes { get; } =
    [
        typeof(ParticipantRegistered), typeof(ParticipantChanged), typeof(ConnectionStarted), typeof(ConnectionEnded), typeof(CdrUploaded),
        typeof(CdrAccepted), typeof(CdrFoundImplausible), typeof(CdrApproved), typeof(CdrDeclined), typeof(CdrRevised), typeof(CdrRejected),
    ];

    private static V1.OchpLogin? Login(OchpAccount? account) => account is null ? null : new V1.OchpLogin(account.Username, account.PasswordHash);

    private static V1.CdrClearingStatusChanged Changed(CdrParties parties, string status, string? reason, NodaTime.Instant at, IEvent stored, V1.CdrForClearing? cdr = null) =>
        new(parties.CdrId, parties.EvseId, parties.OperatorId ?? "", parties.ProviderId, status, ActorOf(stored), reason, at, cdr);

    public static string ActorOf(IEvent stored) =>
        stored.Headers is { } headers && headers.TryGetValue(EventContext.ActorHeader, out var actor) && actor?.ToString() is { Length: > 0 } text ? text : "unknown";
}
