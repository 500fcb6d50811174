using Roaming.Audit.Bundles;
using Roaming.Audit.Tests.Sealing;
using Shouldly;

namespace Roaming.Audit.Tests.Bundles;

public class EventLinesTests
{
    [Fact]
    public void a_line_round_trips_to_the_same_leaf_with_data_kept_byte_for_byte()
    {
        var stored = CanonicalEventTests.Sample(data: """{"a": "é \u0000 \"q\"", "b": [1, 2.50, {"c": null}]}""");
        var parsed = EventLines.Parse(EventLines.ToLine(stored));
        parsed.ShouldBe(stored);
        parsed.LeafHash().ShouldBe(stored.LeafHash());
    }

    [Theory]
    [InlineData("""{"a": 1}""", "acct-1", "corr")]
    [InlineData("""{"a": "é \u0000 \"q\"", "b": [1, 2.50]}""", "NL*TNM*\"quoted\" é", null)]
    [InlineData("null", "s", "")]
    public void the_fast_line_hash_equals_parsing_then_hashing(string data, string stream, string? correlation)
    {
        var stored = CanonicalEventTests.Sample(data: data) with { StreamKey = stream, CorrelationId = correlation };
        var line = EventLines.ToLine(stored);
        var (summary, hash) = EventLines.HashLine(line);
        hash.ShouldBe(EventLines.Parse(line).LeafHash());
        hash.ShouldBe(stored.LeafHash());
        summary.StreamKey.ShouldBe(stream);
        (EventLines.HashLine(EventLines.ToLine(stored with { Headers = null })).LeafHash).ShouldBe((stored with { Headers = null }).LeafHash());
    }

    [Fact]
    public void null_headers_and_ids_survive()
    {
        var stored = CanonicalEventTests.Sample() with { Headers = null, CorrelationId = null };
        EventLines.Parse(EventLines.ToLine(stored)).ShouldBe(stored);
    }

    [Fact]
    public void sql_null_headers_and_a_jsonb_null_stay_apart()
    {
        var jsonbNull = CanonicalEventTests.Sample() with { Headers = "null" };
        EventLines.Parse(EventLines.ToLine(jsonbNull)).ShouldBe(jsonbNull);
    }

    [Fact]
    public void a_broken_line_names_what_is_wrong()
    {
        Should.Throw<FormatException>(() => EventLines.Parse("{\"seq\": 1"u8)).Message.ShouldContain("JSON");
        Should.Throw<FormatException>(() => EventLines.Parse("{\"seq\": 1}"u8)).Message.ShouldContain("no id");
    }
}
