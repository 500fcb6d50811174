using System.Globalization;
using NodaTime;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ochp;

namespace Roaming.Benchmarks.Ochp;

/// <summary>
/// The participants of a run and the AddCDRs envelopes they send: client c is the CPO <c>bench-cpo-cc</c> with
/// Operator-ID <c>DE*Bcc</c>, all contracts belong to the e-MSP <c>bench-emsp</c> (Provider-ID <c>DE*8BE</c>). Every CDR
/// is plausible: its CdrId starts with the operator's compact id and is unique per run, the EMAID has its check digit,
/// the periods lie inside the session and the costs add up to the cent.
/// </summary>
public static class CdrBatches
{
    public const string ProviderId = "DE*8BE";
    public const string EmspParticipant = "bench-emsp";
    public const string Password = "bench-password-0815-xyz";
    private const string ProviderCompact = "DE8BE";
    private const int Contracts = 1000;

    private static readonly Offset Berlin = Offset.FromHours(1);
    private static readonly LocalDateTime FirstStart = new(2026, 11, 2, 6, 0);
    private static readonly string[] ContractIds = Enumerable.Range(0, Contracts).Select(Contract).ToArray();

    public static string OperatorId(int client) => $"DE*B{client:D2}";
    public static string CpoParticipant(int client) => $"bench-cpo-{client:D2}";
    public static string CpoUsername(int client) => $"bench-cpo-{client:D2}";

    /// <summary>A run tag of 6 base-36 characters (seconds since 2026), so CdrIds of different runs differ.</summary>
    public static string RunTag(Instant now)
    {
        var value = (now - Instant.FromUtc(2026, 1, 1, 0, 0)).TotalSeconds is var s && s > 0 ? (long)s : 0;
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var chars = new char[6];
        for (var i = 5; i >= 0; i--, value /= 36)
            chars[i] = digits[(int)(value % 36)];
        return new string(chars);
    }

    /// <summary>
    /// The envelope of batch <paramref name="batch"/> of a client: <paramref name="size"/> CDRs (the warm-up batch is
    /// batch -1, one CDR). CdrIds: compact Operator-ID + run tag + batch (5 digits, W for the warm-up) + position.
    /// </summary>
    public static byte[] Envelope(string runTag, int client, int batch, int size)
    {
        var request = new AddCdrsRequest();
        for (var i = 0; i < size; i++)
            request.CdrInfoArray.Add(Cdr(runTag, client, batch, i));
        return SoapEnvelope.Request(OchpXml.ToElement(request), new UsernameToken(CpoUsername(client), Password));
    }

    public static CdrInfo Cdr(string runTag, int client, int batch, int position)
    {
        var sequence = Math.Max(batch, 0) * 1000 + position;
        var operatorId = OperatorId(client);
        var cdrId = operatorId.Replace("*", "", StringComparison.Ordinal) + runTag +
                    (batch < 0 ? "W" + position.ToString("D3", CultureInfo.InvariantCulture) : batch.ToString("D5", CultureInfo.InvariantCulture) + position.ToString("D3", CultureInfo.InvariantCulture));
        var start = FirstStart.PlusMinutes(sequence % 5000 * 3);
        var minutes = 20 + sequence % 160;
        var end = start.PlusMinutes(minutes);
        var energy = 5m + sequence % 400 / 10m;                 // 5.0 .. 44.9 kWh at 0.39 EUR
        var parkingHours = Math.Round(minutes / 60m, 2);         // at 1.20 EUR/h
        var energyCost = Math.Round(energy * 0.39m, 2, MidpointRounding.AwayFromZero);
        var parkingCost = Math.Round(parkingHours * 1.20m, 2, MidpointRounding.AwayFromZero);
        var (from, until) = (Local(start), Local(end));
        return new CdrInfo
        {
            CdrId = cdrId,
            EvseId = $"{operatorId}*E{sequence % 200:D4}*1",
            EmtId = new EmtId { Instance = $"04B{client:D2}{sequence % 100000:D5}F7A1", TokenType = TokenType.Rfid, TokenSubType = TokenSubType.MifareClassic },
            ContractId = ContractIds[sequence % Contracts],
            Status = CdrStatusType.Of(CdrStatus.New),
            StartDateTime = from,
            EndDateTime = until,
            Duration = $"{minutes / 60:D3}:{minutes % 60:D2}:00",
            ChargePointAddress = new AddressType { HouseNumber = "12A", Address = "Friedrichstrasse", City = "Berlin", ZipCode = "10117", Country = "DEU" },
            ChargePointType = ChargePointType.AC,
            ConnectorType = new ConnectorType
            {
                ConnectorStandard = ConnectorStandardType.Of(ConnectorStandard.IEC_62196_T2),
                ConnectorFormat = ConnectorFormatType.Of(ConnectorFormat.Socket),
                TariffId = $"{operatorId}*T1",
            },
            Ratings = new RatingsType { MaximumPower = 22m, GuaranteedPower = 11m, NominalVoltage = 400 },
            MeterId = $"METER-{client:D2}-{sequence % 200:D4}",
            ChargingPeriods =
            [
                new CdrPeriodType
                {
                    StartDateTime = from, EndDateTime = until, BillingItem = BillingItemType.Of(BillingItem.Energy),
                    BillingValue = energy, ItemPrice = 0.39m, PeriodCost = energyCost, TaxRate = 19,
                },
                new CdrPeriodType
                {
                    StartDateTime = from, EndDateTime = until, BillingItem = BillingItemType.Of(BillingItem.ParkingTime),
                    BillingValue = parkingHours, ItemPrice = 1.20m, PeriodCost = parkingCost, TaxRate = 19,
                },
            ],
            TotalCost = energyCost + parkingCost,
            Currency = "EUR",
        };
    }

    private static LocalDateTimeType Local(LocalDateTime value) => LocalDateTimeType.From(value.WithOffset(Berlin));

    /// <summary>An EMAID of the bench e-MSP with its check digit: <c>DE-8BE-C00000042-X</c>.</summary>
    private static string Contract(int index)
    {
        var instance = "C" + index.ToString("D8", CultureInfo.InvariantCulture);
        return $"DE-8BE-{instance}-{EmaidCheckDigit.Compute(ProviderCompact + instance)}";
    }
}
