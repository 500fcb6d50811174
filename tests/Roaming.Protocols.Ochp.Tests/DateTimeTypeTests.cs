using NodaTime;
using Shouldly;

namespace Roaming.Protocols.Ochp.Tests;

public class DateTimeTypeTests
{
    [Theory]
    [InlineData("2011-06-01T11:45:30Z", 2011, 6, 1, 11, 45, 30)]
    [InlineData("1999-12-31T23:59:59Z", 1999, 12, 31, 23, 59, 59)]
    [InlineData("2024-02-29T00:00:00Z", 2024, 2, 29, 0, 0, 0)]
    public void a_utc_date_time_is_read(string text, int year, int month, int day, int hour, int minute, int second)
    {
        DateTimeType.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(Instant.FromUtc(year, month, day, hour, minute, second));
        DateTimeType.Format(value).ShouldBe(text);
    }

    [Theory]
    [InlineData("2011-06-01T11:45:30.000Z")]   // fraction
    [InlineData("2011-06-01T11:45:30")]        // no zone
    [InlineData("2011-06-01T11:45:30+00:00")]  // offset instead of Z
    [InlineData("2011-06-01T11:45:30z")]
    [InlineData("2011-06-01 11:45:30Z")]
    [InlineData("2011-06-01T11:45Z")]
    [InlineData("2011-02-30T11:45:30Z")]       // no such day
    [InlineData("2011-06-01T25:00:00Z")]
    [InlineData(" 2011-06-01T11:45:30Z")]
    [InlineData("")]
    [InlineData(null)]
    public void other_forms_are_refused(string? text)
    {
        DateTimeType.TryParse(text, out _).ShouldBeFalse();
        if (text is not null)
            Should.Throw<FormatException>(() => DateTimeType.Parse(text)).Message.ShouldContain("OCHP DateTime");
    }

    [Fact]
    public void a_fraction_of_a_second_is_cut_off_on_writing()
    {
        DateTimeType.Format(Instant.FromUtc(2011, 6, 1, 11, 45, 30).PlusNanoseconds(999_999_999)).ShouldBe("2011-06-01T11:45:30Z");
        DateTimeType.From(Instant.FromUtc(2011, 6, 1, 11, 45, 30)).DateTime.ShouldBe("2011-06-01T11:45:30Z");
    }

    [Theory]
    [InlineData("2011-06-01T13:45:30+02:00", 2011, 6, 1, 13, 45, 30, 120)]
    [InlineData("2011-06-01T13:45:30-05:30", 2011, 6, 1, 13, 45, 30, -330)]
    [InlineData("2011-06-01T13:45:30+00:00", 2011, 6, 1, 13, 45, 30, 0)]
    [InlineData("2024-12-31T23:59:59+14:00", 2024, 12, 31, 23, 59, 59, 840)]
    public void a_local_date_time_is_read_with_its_offset(string text, int year, int month, int day, int hour, int minute, int second, int offsetMinutes)
    {
        LocalDateTimeType.TryParse(text, out var value).ShouldBeTrue();
        value.ShouldBe(new LocalDateTime(year, month, day, hour, minute, second).WithOffset(Offset.FromSeconds(offsetMinutes * 60)));
        LocalDateTimeType.Format(value).ShouldBe(text);
    }

    [Theory]
    [InlineData("2011-06-01T13:45:30Z")]          // OCHP local times carry an offset, never Z
    [InlineData("2011-06-01T13:45:30")]
    [InlineData("2011-06-01T13:45:30.5+02:00")]
    [InlineData("2011-06-01T13:45:30+0200")]
    [InlineData("2011-06-01T13:45:30+2:00")]
    [InlineData("2011-06-01T13:45+02:00")]
    [InlineData("2011-13-01T13:45:30+02:00")]
    [InlineData("")]
    [InlineData(null)]
    public void other_local_forms_are_refused(string? text)
    {
        LocalDateTimeType.TryParse(text, out _).ShouldBeFalse();
        if (text is not null)
            Should.Throw<FormatException>(() => LocalDateTimeType.Parse(text)).Message.ShouldContain("OCHP LocalDateTime");
    }

    [FsCheck.Xunit.Property]
    public bool every_whole_second_instant_survives_format_and_parse(int seconds) =>
        DateTimeType.Parse(DateTimeType.Format(Instant.FromUnixTimeSeconds(seconds))) == Instant.FromUnixTimeSeconds(seconds);

    [FsCheck.Xunit.Property]
    public bool every_local_time_with_a_whole_minute_offset_survives_format_and_parse(int seconds, short offsetMinutes)
    {
        var offset = Offset.FromSeconds(offsetMinutes % (18 * 60) * 60);
        var value = Instant.FromUnixTimeSeconds(seconds).WithOffset(offset);
        return LocalDateTimeType.Parse(LocalDateTimeType.Format(value)) == value;
    }

    [Fact]
    public void a_live_ttl_is_read_from_any_xs_date_time_with_a_zone()
    {
        new EvseStatusType { TtlText = "2024-06-01T14:15:00.5+02:00" }.Ttl.ShouldBe(Instant.FromUtc(2024, 6, 1, 12, 15).Plus(Duration.FromMilliseconds(500)));
        new EvseStatusType { TtlText = "2024-06-01T12:15:00Z" }.Ttl.ShouldBe(Instant.FromUtc(2024, 6, 1, 12, 15));
        Should.Throw<FormatException>(() => new EvseStatusType { TtlText = "2024-06-01T12:15:00" }.Ttl);
        new EvseStatusType { Ttl = Instant.FromUtc(2024, 6, 1, 12, 15) }.TtlText.ShouldBe("2024-06-01T12:15:00Z");
    }
}
