using System.Xml.Linq;
using Roaming.Ochp.Datasets;
using Roaming.Protocols.Ochp;

namespace Roaming.Ochp.Authorisations;

/// <summary>An e-MSP replaced its whole roaming authorisation list (SetRoamingAuthorisationList): entries keyed by EMT-ID.</summary>
public sealed record RoamingAuthorisationListSet(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);

/// <summary>An e-MSP added or replaced entries of its roaming authorisation list (UpdateRoamingAuthorisationList).</summary>
public sealed record RoamingAuthorisationListUpdated(string ParticipantId, IReadOnlyList<ReceivedEntry> Entries);

public static class EmtIdKeys
{
    /// <summary>
    /// The key of a token within an e-MSP's list: its type, representation and instance (hex UIDs compared without
    /// regard to case). EMT-IDs are unique per e-MSP only, which is why the owner is kept beside the key.
    /// </summary>
    public static string Of(XElement emtId)
    {
        var representation = emtId.Attribute("representation")?.Value.Trim() is { Length: > 0 } given ? given : "plain";
        return $"{emtId.Child("tokenType")}:{representation}:{emtId.Child("instance")?.ToUpperInvariant()}";
    }

    public static XElement? EmtIdOf(XElement roamingAuthorisationInfo) =>
        roamingAuthorisationInfo.Element(XName.Get("EmtId", OchpNamespaces.Ochp));
}
