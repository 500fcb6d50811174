namespace Roaming.Settlement.Ledger;

internal sealed class LedgerCapability : ISettlementCapability;
