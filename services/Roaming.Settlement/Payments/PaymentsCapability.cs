namespace Roaming.Settlement.Payments;

internal sealed class PaymentsCapability : ISettlementCapability;
