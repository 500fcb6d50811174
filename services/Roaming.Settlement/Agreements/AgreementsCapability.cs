namespace Roaming.Settlement.Agreements;

internal sealed class AgreementsCapability : ISettlementCapability;
