using NodaTime;
using Roaming.Protocols.Ochp;

namespace Roaming.EndToEnd.Tests.Ochp;

/// <summary>
/// The CDR the end-to-end tests upload as an OCHP CPO: 1 h 30 min at a T2 socket, 22.5 kWh at 0.30 plus 1.5 h parking
/// at 1.20 = 8.55 net in <c>currency</c>, by an RFID card of <c>contract</c>.
/// </summary>
public static class OchpSessionCdr
{
    public static CdrInfo Of(string cdrId, string evseId, string contract, OffsetDateTime start, string currency, AddressType address)
    {
        var end = start.PlusHours(1).PlusMinutes(30);
        LocalDateTimeType Local(OffsetDateTime time) => LocalDateTimeType.From(time);
        return new CdrInfo
        {
            CdrId = cdrId,
            EvseId = evseId,
            EmtId = new EmtId { Instance = "04A2B3C4D5E6F7", TokenType = TokenType.Rfid, TokenSubType = TokenSubType.MifareClassic },
            ContractId = contract,
            Status = CdrStatusType.Of(CdrStatus.New),
            StartDateTime = Local(start),
            EndDateTime = Local(end),
            Duration = "001:30:00",
            ChargePointAddress = address,
            ChargePointType = ChargePointType.AC,
            ConnectorType = new ConnectorType { ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2), ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket) },
            ChargingPeriods =
            [
                new CdrPeriodType { StartDateTime = Local(start), EndDateTime = Local(end), BillingItem = BillingItemType.Of(BillingItem.Energy), BillingValue = 22.5m, ItemPrice = 0.30m, PeriodCost = 6.75m },
                new CdrPeriodType { StartDateTime = Local(start), EndDateTime = Local(end), BillingItem = BillingItemType.Of(BillingItem.ParkingTime), BillingValue = 1.5m, ItemPrice = 1.20m, PeriodCost = 1.80m },
            ],
            TotalCost = 8.55m,
            Currency = currency,
        };
    }
}
