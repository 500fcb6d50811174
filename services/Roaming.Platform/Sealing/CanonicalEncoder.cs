using System.Buffers.Binary;
using System.Text;

namespace Roaming.Platform.Sealing;

/// <summary>
/// Writes the canonical event fields into a caller's buffer: u32 big-endian length, then the UTF-8 bytes
/// (0xFFFFFFFF and nothing for a missing value). Both the sealer (from database text) and the offline verifier
/// (straight from the bundle's UTF-8 bytes, without building strings) encode through this one type.
/// </summary>
public ref struct CanonicalEncoder(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;

    public int Written { get; private set; }

    public void WriteRaw(byte value) => _buffer[Written++] = value;

    public void WriteField(ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Written..], (uint)utf8.Length);
        utf8.CopyTo(_buffer[(Written + 4)..]);
        Written += 4 + utf8.Length;
    }

    public void WriteMissing()
    {
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Written..], uint.MaxValue);
        Written += 4;
    }

    public void WriteText(string? text)
    {
        if (text is null)
        {
            WriteMissing();
            return;
        }
        var length = Encoding.UTF8.GetBytes(text, _buffer[(Written + 4)..]);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Written..], (uint)length);
        Written += 4 + length;
    }

    /// <summary>Decimal digits, invariant: the same bytes a JSON integer has.</summary>
    public void WriteInt64(long value)
    {
        value.TryFormat(_buffer[(Written + 4)..], out var length, default, System.Globalization.CultureInfo.InvariantCulture);
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Written..], (uint)length);
        Written += 4 + length;
    }

    public void WriteGuid(Guid value)
    {
        value.TryFormat(_buffer[(Written + 4)..], out var length, "D");
        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Written..], (uint)length);
        Written += 4 + length;
    }

    /// <summary>Room the header fields need besides the variable texts (the format name, 11 length prefixes, numbers, the id).</summary>
    public const int FixedOverhead = 1 + 16 + 11 * 4 + 2 * 20 + 36;
}
