namespace Roaming.Settlement.Documents;

internal sealed class DocumentsCapability : ISettlementCapability;
