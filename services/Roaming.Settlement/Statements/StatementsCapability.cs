namespace Roaming.Settlement.Statements;

internal sealed class StatementsCapability : ISettlementCapability;
