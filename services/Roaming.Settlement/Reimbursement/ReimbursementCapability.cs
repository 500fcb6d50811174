namespace Roaming.Settlement.Reimbursement;

internal sealed class ReimbursementCapability : ISettlementCapability;
