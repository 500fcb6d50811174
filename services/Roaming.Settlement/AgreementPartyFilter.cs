namespace Roaming.Settlement;

/// <summary>
/// The <c>operator_id</c> and <c>provider_id</c> query parameters of the settlement lists, canonical (<c>DE*ABC</c>)
/// whatever form the caller used (<c>DEABC</c>, <c>de-abc</c>); null where the caller did not filter.
/// </summary>
public sealed record AgreementPartyFilter(string? OperatorId, string? ProviderId)
{
    public const string Problem = "operator_id and provider_id are party ids such as DE*ABC";

    /// <summary>False when either given id is not a party id.</summary>
    public static bool TryParse(string? operatorId, string? providerId, out AgreementPartyFilter filter)
    {
        filter = new AgreementPartyFilter(null, null);
        var op = default(Contracts.Identifiers.OperatorId);
        var provider = default(Contracts.Identifiers.ProviderId);
        if (operatorId is not null && !Contracts.Identifiers.OperatorId.TryParse(operatorId, out op)
            || providerId is not null && !Contracts.Identifiers.ProviderId.TryParse(providerId, out provider))
            return false;
        filter = new AgreementPartyFilter(operatorId is null ? null : op.ToString(), providerId is null ? null : provider.ToString());
        return true;
    }
}
