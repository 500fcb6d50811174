using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Contracts.Identifiers;
using Shouldly;

namespace Roaming.Clearing.Tests.Identifiers;

public class EmaidCheckDigitTests
{
    [Theory]
    [InlineData("NN123ABCDEFGHI", 'T')]
    [InlineData("FRXYZ123456789", '2')]
    [InlineData("ITA1B2C3E4F5G6", '4')]
    [InlineData("ESZU8WOX834H1D", 'R')]
    [InlineData("PT73902837ABCZ", 'Z')]
    [InlineData("DE83DUIEN83QGZ", 'D')]
    [InlineData("DE83DUIEN83ZGQ", 'M')]
    [InlineData("DE8AA001234567", '0')]
    [InlineData("de8aa001234567", '0')]
    [InlineData("DE8AACA2B3C4D5", 'L')]
    [InlineData("NLTNM000122045", 'U')]
    public void computes_the_reference_vectors(string id, char digit) => EmaidCheckDigit.Compute(id).ShouldBe(digit);

    [Theory]
    [InlineData("DE8AA00123456")]
    [InlineData("DE8AA0012345678")]
    [InlineData("DE8AA00123456_")]
    public void refuses_what_is_not_14_alphanumerics(string id) => Should.Throw<ArgumentException>(() => EmaidCheckDigit.Compute(id));

    private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Alphanumerics = Letters + "0123456789";

    /// <summary>Country (two letters), provider and instance: any 14 characters an EMAID can have.</summary>
    private static readonly Gen<string> Emaids14 =
        from country in Gen.Elements(Letters.ToCharArray()).ArrayOf(2)
        from rest in Gen.Elements(Alphanumerics.ToCharArray()).ArrayOf(12)
        select new string(country) + new string(rest);

    [Property(MaxTest = 2000)]
    public Property any_id_with_its_computed_digit_is_valid() => Prop.ForAll(Emaids14.ToArbitrary(), id =>
    {
        var withDigit = id + EmaidCheckDigit.Compute(id);
        var hyphenated = $"{id[..2]}-{id[2..5]}-{id[5..]}-{EmaidCheckDigit.Compute(id)}";
        return ContractId.TryParse(withDigit, out var plain) && plain.CheckDigitValid
            && ContractId.TryParse(hyphenated, out var separated) && separated.CheckDigitValid
            && ContractId.TryParse(withDigit.ToLowerInvariant(), out var lower) && lower.CheckDigitValid;
    });

    [Property(MaxTest = 2000)]
    public Property changing_one_character_invalidates_the_digit() => Prop.ForAll(
        (from id in Emaids14
         from position in Gen.Choose(0, 13)
         from replacement in Gen.Elements((position < 2 ? Letters : Alphanumerics).ToCharArray())
         where id[position] != replacement
         select (id, position, replacement)).ToArbitrary(),
        t =>
        {
            var changed = t.id[..t.position] + t.replacement + t.id[(t.position + 1)..];
            return ContractId.TryParse(changed + EmaidCheckDigit.Compute(t.id), out var contract) && !contract.CheckDigitValid;
        });
}

public class PartyIdTests
{
    [Theory]
    [InlineData("DE*ABC", "DE*ABC")]
    [InlineData("DEABC", "DE*ABC")]
    [InlineData("de*abc", "DE*ABC")]
    [InlineData("deabc", "DE*ABC")]
    [InlineData("DE-8PS", "DE*8PS")]
    public void parses_to_the_canonical_form(string text, string canonical)
    {
        OperatorId.Parse(text).ToString().ShouldBe(canonical);
        ProviderId.Parse(text).ToString().ShouldBe(canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("DE*AB")]
    [InlineData("DEABCD")]
    [InlineData("D1*ABC")]
    [InlineData("DE*A_C")]
    [InlineData("DE**ABC")]
    public void refuses_malformed_ids(string text)
    {
        OperatorId.TryParse(text, out _).ShouldBeFalse();
        ProviderId.TryParse(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void compact_is_the_cdr_id_prefix() => OperatorId.Parse("de*abc").Compact.ShouldBe("DEABC");
}

public class EvseIdTests
{
    [Theory]
    [InlineData("DE*ABC*E123456", "DE*ABC", "DEABCE123456")]
    [InlineData("DEABCE123456", "DE*ABC", "DEABCE123456")]
    [InlineData("de*abc*e1*2*3", "DE*ABC", "DEABCE123")]
    [InlineData("FR*A23*E45B*78C", "FR*A23", "FRA23E45B78C")]
    public void parses_with_and_without_separators(string text, string @operator, string normalised)
    {
        var evse = EvseId.Parse(text);
        evse.OperatorId.ToString().ShouldBe(@operator);
        evse.Normalised.ShouldBe(normalised);
    }

    [Theory]
    [InlineData("DE*ABC*123456")]
    [InlineData("DE*ABCE123456")]
    [InlineData("DEABC*E123456")]
    [InlineData("DE*ABC*E")]
    [InlineData("DE*ABC*E*1")]
    [InlineData("DE*ABC*E12345678901234567890123456789012")]
    public void refuses_malformed(string text) => EvseId.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void the_same_evse_in_two_forms_is_equal()
    {
        EvseId.Parse("DE*ABC*E1*2").ShouldBe(EvseId.Parse("deabce12"));
        EvseId.Same("DE*ABC*E1", "DEABCE1").ShouldBeTrue();
        EvseId.Same("DE*ABC*E1", "DEABCE2").ShouldBeFalse();
    }
}

public class ContractIdTests
{
    [Theory]
    [InlineData("DE-8AA-001234567-0", "DE*8AA", '0', true)]
    [InlineData("DE8AA0012345670", "DE*8AA", '0', true)]
    [InlineData("DE8AA0012345671", "DE*8AA", '1', false)]
    [InlineData("de-8aa-001234567", "DE*8AA", null, true)]
    [InlineData("DE8AA001234567", "DE*8AA", null, true)]
    [InlineData("NL-TNM-000122045-U", "NL*TNM", 'U', true)]
    public void parses_provider_and_check_digit(string text, string provider, char? digit, bool valid)
    {
        var contract = ContractId.Parse(text);
        contract.ProviderId.ToString().ShouldBe(provider);
        contract.CheckDigit.ShouldBe(digit);
        contract.CheckDigitValid.ShouldBe(valid);
    }

    [Theory]
    [InlineData("DE-8AA001234567")]
    [InlineData("DE8AA-001234567-0")]
    [InlineData("DE8AA00123456")]
    [InlineData("DE8AA00123456700")]
    [InlineData("D18AA001234567")]
    public void refuses_malformed(string text) => ContractId.TryParse(text, out _).ShouldBeFalse();
}
