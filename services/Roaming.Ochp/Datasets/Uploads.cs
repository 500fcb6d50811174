using System.Xml.Linq;
using Roaming.Ochp.Soap;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Datasets;

/// <summary>What became of one uploaded item: stored as <see cref="Entry"/>, or refused for <see cref="Reason"/>.</summary>
/// <param name="ForeignId">Refused because an id in it (EVSE-ID, contract id, tariff id) is not the caller's.</param>
public sealed record ItemVerdict(XElement Item, ReceivedEntry? Entry, string? Reason, bool ForeignId = false)
{
    public static ItemVerdict Accepted(XElement item, ReceivedEntry entry) => new(item, entry, null);
    public static ItemVerdict NotYours(XElement item, string reason) => new(item, null, reason, ForeignId: true);
    public static ItemVerdict Refused(XElement item, string reason) => new(item, null, reason);
}

/// <summary>Checking the items of a Set/Update upload and answering it.</summary>
public static class Uploads
{
    /// <summary>Every item named <paramref name="itemName"/>: refused for its schema problem, else judged by <paramref name="check"/>.</summary>
    public static IReadOnlyList<ItemVerdict> Judge(OchpCall call, string itemName, Func<XElement, ItemVerdict> check) =>
        call.Items(itemName)
            .Select(i => i.Problem is null ? check(i.Item) : ItemVerdict.Refused(i.Item, i.Problem))
            .ToList();

    public static IReadOnlyList<ReceivedEntry> AcceptedEntries(this IReadOnlyList<ItemVerdict> verdicts) =>
        verdicts.Where(v => v.Entry is not null).Select(v => v.Entry!).ToList();

    /// <summary>
    /// <c>ok</c> when nothing was refused, <c>partly</c> when some items were stored, and when none was: <c>invalid-id</c>
    /// if an id was not the caller's, else <c>format</c>.
    /// </summary>
    public static ResultCode Decide(int accepted, int refusedForeignId, int refusedOther) =>
        (refusedForeignId + refusedOther, accepted, refusedForeignId) switch
        {
            (0, _, _) => ResultCode.Ok,
            (_, > 0, _) => ResultCode.Partly,
            (_, _, > 0) => ResultCode.InvalidId,
            _ => ResultCode.Format,
        };

    public static ResultCode Decide(IReadOnlyList<ItemVerdict> verdicts) => Decide(
        verdicts.Count(v => v.Entry is not null),
        verdicts.Count(v => v.Entry is null && v.ForeignId),
        verdicts.Count(v => v.Entry is null && !v.ForeignId));

    /// <summary>The reasons of the refused items, one per item, for <c>resultDescription</c>.</summary>
    public static string? Describe(IReadOnlyList<ItemVerdict> verdicts, Func<XElement, string> name)
    {
        var refused = verdicts.Where(v => v.Entry is null).Select(v => $"{name(v.Item)}: {v.Reason}").ToList();
        return refused.Count == 0 ? null : string.Join("; ", refused);
    }

    /// <summary>The response: the result, then each refused item as received under <paramref name="refusedName"/>.</summary>
    public static XElement Answer(OchpCall call, IReadOnlyList<ItemVerdict> verdicts, string refusedName, Func<XElement, string> name) =>
        OchpResponses.Of(call.Operation, Decide(verdicts), Describe(verdicts, name),
            verdicts.Where(v => v.Entry is null).Select(v => OchpResponses.Named(v.Item, refusedName)));

    /// <summary>The text of a child element of <paramref name="item"/>, trimmed, or null.</summary>
    public static string? Child(this XElement item, string localName) =>
        item.Element(XName.Get(localName, OchpNamespaces.Ochp))?.Value.Trim();

    public static string Xml(this XElement item) => item.ToString(SaveOptions.DisableFormatting);
}
