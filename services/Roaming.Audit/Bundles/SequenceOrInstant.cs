using System.Globalization;
using NodaTime;
using NodaTime.Text;
using Npgsql;

namespace Roaming.Audit.Bundles;

/// <summary>A bound of an export period: an event sequence number (<c>1234</c>) or an instant (<c>2026-10-31T23:00:00Z</c>).</summary>
public sealed record SequenceOrInstant(long? Sequence, Instant? At)
{
    public static SequenceOrInstant Parse(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return new SequenceOrInstant(sequence, null);
        var instant = InstantPattern.ExtendedIso.Parse(text);
        if (instant.Success)
            return new SequenceOrInstant(null, instant.Value);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var offset))
            return new SequenceOrInstant(null, Instant.FromDateTimeOffset(offset));
        throw new FormatException($"'{text}' is neither an event sequence number nor an instant such as 2026-10-31T23:00:00Z");
    }

    /// <summary>The first sequence at or after this bound.</summary>
    public async Task<long> AsFirstSequence(NpgsqlConnection connection, string schema, CancellationToken cancellation) =>
        Sequence ?? await Scalar(connection, $"select coalesce(min(seq_id), 9223372036854775807) from {schema}.mt_events where timestamp >= @at", At!.Value, cancellation);

    /// <summary>The last sequence at or before this bound.</summary>
    public async Task<long> AsLastSequence(NpgsqlConnection connection, string schema, CancellationToken cancellation) =>
        Sequence ?? await Scalar(connection, $"select coalesce(max(seq_id), -1) from {schema}.mt_events where timestamp <= @at", At!.Value, cancellation);

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql, Instant at, CancellationToken cancellation)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("at", at.ToDateTimeUtc());
        return (long)(await command.ExecuteScalarAsync(cancellation))!;
    }
}
