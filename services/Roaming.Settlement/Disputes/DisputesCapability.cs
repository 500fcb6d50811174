namespace Roaming.Settlement.Disputes;

internal sealed class DisputesCapability : ISettlementCapability;
