using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Roaming.Platform.Sealing;

/// <summary>
/// One committed event exactly as PostgreSQL holds it, in the text forms that are stable: <c>data::text</c> and
/// <c>headers::text</c> are jsonb's own normalised output (key order and spacing are fixed by jsonb, not by the writer),
/// and the commit timestamp is UTC with microseconds, jsonb/timestamptz's precision. Anything that changes one of
/// these fields changes the leaf.
/// </summary>
public sealed record CanonicalEvent(
    long Sequence,
    Guid Id,
    string StreamKey,
    long Version,
    string Type,
    string Timestamp,
    string? CorrelationId,
    string? CausationId,
    string? Headers,
    string Data)
{
    /// <summary>Names the encoding in the bytes, so that a future v2 can never produce a v1 leaf.</summary>
    public const string Format = "roaming.event.v1";

    public static ReadOnlySpan<byte> FormatBytes => "roaming.event.v1"u8;

    /// <summary>
    /// Every field length-prefixed (u32 big-endian; 0xFFFFFFFF for a missing value), in a fixed order, so that no two
    /// different events share an encoding: moving text from one field to the next, or null to empty, changes the bytes.
    /// </summary>
    public byte[] ToBytes()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxLength());
        try
        {
            var encoder = new CanonicalEncoder(buffer);
            Encode(ref encoder);
            return buffer.AsSpan(0, encoder.Written).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>SHA-256(0x00 || canonical bytes).</summary>
    public byte[] LeafHash()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 + MaxLength());
        try
        {
            var encoder = new CanonicalEncoder(buffer);
            encoder.WriteRaw(0x00);
            Encode(ref encoder);
            return SHA256.HashData(buffer.AsSpan(0, encoder.Written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private int MaxLength() => CanonicalEncoder.FixedOverhead + Encoding.UTF8.GetMaxByteCount(
        StreamKey.Length + Type.Length + Timestamp.Length + (CorrelationId?.Length ?? 0) + (CausationId?.Length ?? 0) + (Headers?.Length ?? 0) + Data.Length);

    private void Encode(ref CanonicalEncoder encoder)
    {
        encoder.WriteField(FormatBytes);
        encoder.WriteInt64(Sequence);
        encoder.WriteGuid(Id);
        encoder.WriteText(StreamKey);
        encoder.WriteInt64(Version);
        encoder.WriteText(Type);
        encoder.WriteText(Timestamp);
        encoder.WriteText(CorrelationId);
        encoder.WriteText(CausationId);
        encoder.WriteText(Headers);
        encoder.WriteText(Data);
    }

    public static string FormatTimestamp(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
