using System.Xml.Linq;
using NodaTime;
using Roaming.Ochp.Participants;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Soap;

/// <summary>One authenticated OCHP request as the operation handlers see it: the body element, already checked against the XSDs.</summary>
public sealed record OchpCall(
    OchpOperation Operation,
    OchpCaller Caller,
    XElement Request,
    ItemProblems Problems,
    Instant ReceivedAt,
    IOchpStore Store,
    IServiceProvider Services,
    CancellationToken Cancellation)
{
    /// <summary>The request's repeated items of one name, each with the schema problem that refuses it (null when it is valid).</summary>
    public IEnumerable<(XElement Item, string? Problem)> Items(string localName) =>
        Request.Elements(XName.Get(localName, OchpNamespaces.Ochp)).Select((item, index) => (item, Problems.Of(localName, index)));

    /// <summary>The request read as its message type, without the items that broke the schema (they cannot be read).</summary>
    public T Read<T>()
    {
        var valid = new XElement(Request);
        foreach (var group in valid.Elements().GroupBy(e => e.Name.LocalName).ToList())
        {
            var index = 0;
            foreach (var item in group.ToList())
            {
                if (Problems.Of(group.Key, index++) is not null)
                    item.Remove();
            }
        }
        return OchpXml.FromElement<T>(valid);
    }
}

/// <summary>The XSD problems of a request located in its repeated items (the n-th <c>cdrInfoArray</c>, …).</summary>
public sealed class ItemProblems(IReadOnlyList<SchemaProblem> problems)
{
    private readonly Dictionary<(string, int), string> _byItem = problems
        .Where(p => p.ItemElement is not null && p.ItemIndex is not null)
        .GroupBy(p => (p.ItemElement!, p.ItemIndex!.Value))
        .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(p => p.Message)));

    public string? Of(string itemElement, int index) => _byItem.GetValueOrDefault((itemElement, index));
}

/// <summary>What an operation does with a call: the response body element.</summary>
public delegate Task<XElement> OchpHandler(OchpCall call);
