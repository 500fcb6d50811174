using NodaTime;
using Roaming.Audit.Bundles;
using Shouldly;

namespace Roaming.Audit.Tests.Bundles;

public class SequenceOrInstantTests
{
    [Fact]
    public void a_number_is_a_sequence_and_a_date_is_an_instant()
    {
        SequenceOrInstant.Parse("1234").ShouldBe(new SequenceOrInstant(1234, null));
        SequenceOrInstant.Parse("2026-10-31T23:00:00Z").ShouldBe(new SequenceOrInstant(null, Instant.FromUtc(2026, 10, 31, 23, 0)));
        SequenceOrInstant.Parse("2026-11-01T00:00:00+01:00").At.ShouldBe(Instant.FromUtc(2026, 10, 31, 23, 0));
        Should.Throw<FormatException>(() => SequenceOrInstant.Parse("last month")).Message.ShouldContain("neither");
    }
}
