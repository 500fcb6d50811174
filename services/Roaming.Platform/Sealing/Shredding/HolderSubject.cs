namespace Roaming.Platform.Sealing.Shredding;

/// <summary>
/// The data subject of a token holder: their contract, <c>contract:&lt;country&gt;*&lt;party&gt;*&lt;contract_id&gt;</c> (the eMSP
/// party that issued it). Every service that protects a holder's fields names the subject this way, so the one key
/// that <c>roaming audit forget</c> destroys is the one all their copies were encrypted under.
/// </summary>
public static class HolderSubject
{
    public static string OfContract(string countryCode, string partyId, string contractId) => $"contract:{countryCode}*{partyId}*{contractId}";
}
