using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Contracts.Identifiers;
using Roaming.Protocols.Ocpi.Cdrs;
using Shouldly;

namespace Roaming.Protocols.Bridge.Tests.Cdrs;

/// <summary>The one CdrId of an OCPI CDR, for our own CDRs sent to OCHP and for an OCPI CPO's CDRs pushed to the hub.</summary>
public sealed partial class ClearingCdrIdTests
{
    private static readonly OperatorId Ours = OperatorId.Parse(CpoSamples.OurOperator);

    [Theory]
    // Ids that stand as they are: upper-cased, behind the compact Operator-ID (the common case: unchanged ids).
    [InlineData("CDR0001", "DEABCCDR0001")]
    [InlineData("cdr0001", "DEABCCDR0001")]
    [InlineData("1234567890123456789012345678901", "DEABC1234567890123456789012345678901")]
    // Too long, not alphanumeric, empty or not ASCII: the first 31 hex digits of the id's SHA-256.
    [InlineData("12345678901234567890123456789012", "DEABCE1B85B27D6BCB05846C18E6A48F118E")]
    [InlineData("cdr-0001", "DEABC353ADCA6A00BFF73CFE2DA4DED824CE")]
    [InlineData("", "DEABCE3B0C44298FC1C149AFBF4C8996FB92")]
    [InlineData("cdrı", "DEABC7843D5D3A674DB9FAE48A99AC3D2CC6")]
    public void An_id_keeps_its_text_when_it_can_and_is_hashed_otherwise(string cdrId, string expected)
    {
        var id = ClearingCdrId.Of(Ours, cdrId);
        id.ShouldBe(expected);
        id.ShouldMatch(OchpCdrIdPattern().ToString());
    }

    public static TheoryData<string, Cdr, string> PushedCdrs => new()
    {
        { "owned by its EVSE's operator", CpoSamples.Cdr("CDR1"), "DEABCCDR1" },
        { "the EVSE's operator, not the CDR's party", CpoSamples.Cdr("CDR1", evseId: "NL*XYZ*E1") , "NLXYZCDR1" },
        { "no EVSE-ID: the CDR's party", CpoSamples.Cdr("CDR1", evseId: "not-an-evse") with { CountryCode = "nl", PartyId = "hoe" }, "NLHOECDR1" },
        { "no location: the CDR's party", CpoSamples.Cdr("CDR1") with { CdrLocation = null }, "DEABCCDR1" },
        { "neither is an Operator-ID: the bare hash", CpoSamples.Cdr("CDR-1") with { CdrLocation = null, PartyId = "A-B" },
            "889C0026ECE31B58B68B351DF9D026805346E58E9B15E032F59F3A89C3728D3E"[..36] },
        { "no id at all: the hash of the empty id", CpoSamples.Cdr() with { Id = null }, "DEABCE3B0C44298FC1C149AFBF4C8996FB92" },
    };

    [Theory]
    [MemberData(nameof(PushedCdrs))]
    public void A_pushed_cdr_is_owned_by_its_evse_or_else_its_party(string because, Cdr cdr, string expected) =>
        ClearingCdrId.Of(cdr).ShouldBe(expected, because);

    [Fact]
    public void Our_own_cdr_sent_to_OCHP_and_the_same_cdr_pushed_to_the_hub_get_one_id()
    {
        var cdr = CpoSamples.Cdr("cdr-0002");
        OcpiCdrToOchpCdr.Map(cdr, Ours, NodaTime.DateTimeZone.Utc).Value!.CdrId.ShouldBe(ClearingCdrId.Of(cdr));
        CdrClearingFacts.OfOcpi(cdr, "{}").Value!.CdrId.ShouldBe(ClearingCdrId.Of(cdr));
    }

    private static readonly Gen<OperatorId> Operators = Gen.Elements("DE*ABC", "NL*HOE", "BE*BEC", "DE*AB1").Select(OperatorId.Parse);

    /// <summary>Ids from a small alphabet in both cases, so that equal, case-equal and different ids all turn up often.</summary>
    private static readonly Gen<string> Ids = Gen.OneOf(
        Gen.Elements('a', 'A', 'b', '1', '-', 'ı').ArrayOf().Select(chars => new string(chars)),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    /// <summary>
    /// Different owners or ids that differ beyond case never share an id. Ids that differ only in case share one when
    /// they stand as text (the table); hashed ones are hashed as written, which keeps every stored id as it was.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property The_same_cdr_always_gets_the_same_valid_id_and_different_cdrs_different_ids() =>
        Prop.ForAll(Arb.From(Gen.Zip(Gen.Zip(Operators, Ids), Gen.Zip(Operators, Ids))), pair =>
        {
            var ((owner, cdrId), (otherOwner, otherId)) = pair;
            var id = ClearingCdrId.Of(owner, cdrId);
            var valid = OchpCdrIdPattern().IsMatch(id) && id.StartsWith(owner.Compact, StringComparison.Ordinal);
            var deterministic = id == ClearingCdrId.Of(owner, cdrId);
            var differentCdr = owner != otherOwner || !string.Equals(cdrId, otherId, StringComparison.OrdinalIgnoreCase);
            var distinct = !differentCdr || id != ClearingCdrId.Of(otherOwner, otherId);
            return (valid && deterministic && distinct).Label($"{owner} '{cdrId}' → {id}; {otherOwner} '{otherId}'");
        });

    [GeneratedRegex("^[0-9A-Z]{1,36}$")]
    private static partial Regex OchpCdrIdPattern();
}
