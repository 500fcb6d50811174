using System.Buffers;
using System.Buffers.Binary;
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

    private static readonly byte[] FormatBytes = Encoding.UTF8.GetBytes(Format);

    /// <summary>
    /// Every field length-prefixed (u32 big-endian; 0xFFFFFFFF for a missing value), in a fixed order, so that no two
    /// different events share an encoding: moving text from one field to the next, or null to empty, changes the bytes.
    /// </summary>
    public byte[] ToBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Data.Length * 2);
        Write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>SHA-256(0x00 || canonical bytes).</summary>
    public byte[] LeafHash()
    {
        var buffer = new ArrayBufferWriter<byte>(256 + Data.Length * 2);
        buffer.Write([(byte)0x00]);
        Write(buffer);
        return SHA256.HashData(buffer.WrittenSpan);
    }

    private void Write(ArrayBufferWriter<byte> buffer)
    {
        WriteField(buffer, FormatBytes);
        WriteText(buffer, Sequence.ToString(CultureInfo.InvariantCulture));
        WriteText(buffer, Id.ToString("D"));
        WriteText(buffer, StreamKey);
        WriteText(buffer, Version.ToString(CultureInfo.InvariantCulture));
        WriteText(buffer, Type);
        WriteText(buffer, Timestamp);
        WriteText(buffer, CorrelationId);
        WriteText(buffer, CausationId);
        WriteText(buffer, Headers);
        WriteText(buffer, Data);
    }

    public static string FormatTimestamp(DateTime utc) =>
        utc.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static void WriteText(ArrayBufferWriter<byte> buffer, string? text)
    {
        if (text is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), uint.MaxValue);
            buffer.Advance(4);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(text);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), (uint)length);
        buffer.Advance(4);
        Encoding.UTF8.GetBytes(text, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static void WriteField(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        BinaryPrimitives.WriteUInt32BigEndian(buffer.GetSpan(4), (uint)bytes.Length);
        buffer.Advance(4);
        buffer.Write(bytes);
    }
}
