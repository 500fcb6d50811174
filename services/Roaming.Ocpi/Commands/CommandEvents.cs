using NodaTime;

namespace Roaming.Ocpi.Commands;

/// <summary>A partner e-MSP sent us a command (we are its CPO); it goes to Ingest as a ChargePointCommandRequested.</summary>
public sealed record CommandReceived(
    Guid CommandId,
    string PartnerId,
    string Command,
    string ResponseUrl,
    string Kind,
    string? ChargePointId,
    string? LocationId,
    string? EvseUid,
    string? ConnectorId,
    string? IdTag,
    string? TransactionId,
    IReadOnlyDictionary<string, string> Parameters,
    Instant At);

/// <summary>The charger answered; the CommandResult goes to the e-MSP's response_url.</summary>
public sealed record CommandAnswered(Guid CommandId, string Result, string? Message, Instant At);

/// <summary>We (as eMSP) sent a command to a partner CPO; its asynchronous result arrives at our response_url.</summary>
public sealed record CommandSent(Guid CommandId, string PartnerId, string Command, string Body, string ImmediateAnswer, Instant At);

public sealed record CommandResultReceived(Guid CommandId, string ResultJson, Instant At);

/// <summary>A command in either direction, as the operator and the consumers look it up.</summary>
public sealed record CommandLog(string Id, string PartnerId, string Command, string Direction, string? ResponseUrl, string? ImmediateAnswer,
    string? Result, Instant At, Instant? AnsweredAt);

public sealed class CommandLogProjection : Marten.Events.Aggregation.SingleStreamProjection<CommandLog, string>
{
    public static CommandLog Create(CommandReceived received) =>
        new(received.CommandId.ToString(), received.PartnerId, received.Command, "received", received.ResponseUrl, null, null, received.At, null);

    public static CommandLog Create(CommandSent sent) =>
        new(sent.CommandId.ToString(), sent.PartnerId, sent.Command, "sent", null, sent.ImmediateAnswer, null, sent.At, null);

    public static CommandLog Apply(CommandAnswered answered, CommandLog log) => log with { Result = answered.Result, AnsweredAt = answered.At };

    public static CommandLog Apply(CommandResultReceived received, CommandLog log) => log with { Result = received.ResultJson, AnsweredAt = received.At };
}
