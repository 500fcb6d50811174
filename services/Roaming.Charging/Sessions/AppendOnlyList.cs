namespace Roaming.Charging.Sessions;

/// <summary>
/// An immutable list whose <see cref="Append"/> shares storage with the list it extends: appending to the newest version
/// claims spare room in the common buffer (amortised O(1) per item) instead of copying every item, so folding a session's
/// events is linear in its samples rather than quadratic. Every version keeps seeing exactly its own items; appending to
/// a version that is no longer the newest (or when the buffer is full) copies into a new buffer, so no version ever changes.
/// </summary>
public sealed class AppendOnlyList<T> : IReadOnlyList<T>
{
    private readonly Buffer _buffer;
    private readonly int _count;

    private AppendOnlyList(Buffer buffer, int count)
    {
        _buffer = buffer;
        _count = count;
    }

    public static AppendOnlyList<T> Empty { get; } = new(new Buffer(0), 0);

    /// <summary><paramref name="items"/> itself when it already is one, otherwise a copy (e.g. a list read back from storage).</summary>
    public static AppendOnlyList<T> Of(IReadOnlyList<T> items) =>
        items as AppendOnlyList<T> ?? Empty.Append(items);

    public int Count => _count;

    public T this[int index] =>
        (uint)index < (uint)_count ? _buffer.Items[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>This list followed by <paramref name="items"/>; this list is unchanged.</summary>
    public AppendOnlyList<T> Append(IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0) return this;
        var count = _count + items.Count;

        // Only the newest version may extend the buffer: claiming the room moves Used from our count to the new one.
        if (count <= _buffer.Items.Length && Interlocked.CompareExchange(ref _buffer.Used, count, _count) == _count)
        {
            Write(_buffer.Items, _count, items);
            return new AppendOnlyList<T>(_buffer, count);
        }

        var copy = new Buffer(Math.Max(4, count * 2)) { Used = count };
        Array.Copy(_buffer.Items, copy.Items, _count);
        Write(copy.Items, _count, items);
        return new AppendOnlyList<T>(copy, count);
    }

    public AppendOnlyList<T> Append(T item) => Append([item]);

    private static void Write(T[] target, int at, IReadOnlyList<T> items)
    {
        for (var i = 0; i < items.Count; i++) target[at + i] = items[i];
    }

    public IEnumerator<T> GetEnumerator()
    {
        var items = _buffer.Items;
        for (var i = 0; i < _count; i++) yield return items[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Buffer(int capacity)
    {
        public readonly T[] Items = new T[capacity];
        public int Used;
    }
}
