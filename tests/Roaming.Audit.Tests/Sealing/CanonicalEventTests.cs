using Roaming.Platform.Sealing;
using Shouldly;

namespace Roaming.Audit.Tests.Sealing;

public class CanonicalEventTests
{
    internal static CanonicalEvent Sample(long sequence = 7, string data = """{"amount": 12.5, "account": "a-1"}""") => new(
        sequence, Guid.Parse("0195a0c2-1111-7000-8000-000000000001"), "a-1", 3, "entry_posted", "2026-11-24T09:27:50.123456Z",
        "corr-1", null, """{"actor": "operator"}""", data);

    [Fact]
    public void the_bytes_are_stable_and_name_their_format()
    {
        var bytes = Sample().ToBytes();
        bytes.ShouldBe(Sample().ToBytes());
        System.Text.Encoding.UTF8.GetString(bytes).ShouldContain(CanonicalEvent.Format);
        Sample().LeafHash().ShouldBe(MerkleTree.LeafHash(bytes));
    }

    [Fact]
    public void every_field_takes_part_in_the_leaf()
    {
        var original = Sample();
        CanonicalEvent[] variants =
        [
            original with { Sequence = 8 }, original with { Id = Guid.Empty }, original with { StreamKey = "a-2" },
            original with { Version = 4 }, original with { Type = "entry_reversed" }, original with { Timestamp = "2026-11-24T09:27:50.123457Z" },
            original with { CorrelationId = "corr-2" }, original with { CausationId = "cause" }, original with { Headers = null },
            original with { Data = """{"amount": 12.6, "account": "a-1"}""" },
        ];
        variants.Select(v => Convert.ToHexString(v.LeafHash())).ShouldAllBe(h => h != Convert.ToHexString(original.LeafHash()));
        variants.Select(v => Convert.ToHexString(v.LeafHash())).Distinct().Count().ShouldBe(variants.Length);
    }

    [Fact]
    public void moving_text_between_fields_or_null_to_empty_changes_the_bytes()
    {
        var original = Sample() with { CorrelationId = "ab", CausationId = "" };
        (original with { CorrelationId = "a", CausationId = "b" }).ToBytes().ShouldNotBe(original.ToBytes());
        (original with { CausationId = null }).ToBytes().ShouldNotBe(original.ToBytes());
    }

    [Fact]
    public void the_timestamp_keeps_microseconds_in_utc()
    {
        var local = new DateTime(2026, 11, 24, 9, 27, 50, DateTimeKind.Utc).AddTicks(1_234_560);
        CanonicalEvent.FormatTimestamp(local).ShouldBe("2026-11-24T09:27:50.123456Z");
    }
}
