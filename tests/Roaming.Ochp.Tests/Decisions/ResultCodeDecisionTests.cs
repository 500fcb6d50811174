using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Roaming.Ochp.Cdrs;
using Roaming.Ochp.Datasets;
using Roaming.Protocols.Ochp;
using Shouldly;

namespace Roaming.Ochp.Tests.Decisions;

public class ResultCodeDecisionTests
{
    [Theory]
    [InlineData(3, 0, 0, ResultCode.Ok)]
    [InlineData(0, 0, 0, ResultCode.Ok)]
    [InlineData(2, 1, 0, ResultCode.Partly)]
    [InlineData(2, 0, 1, ResultCode.Partly)]
    [InlineData(0, 2, 0, ResultCode.InvalidId)]
    [InlineData(0, 1, 1, ResultCode.InvalidId)]
    [InlineData(0, 0, 2, ResultCode.Format)]
    public void AnUpload_IsOk_Partly_InvalidId_OrFormat(int accepted, int foreignId, int other, ResultCode expected) =>
        Uploads.Decide(accepted, foreignId, other).ShouldBe(expected);

    [Property]
    public void AnUploadWithSomethingStored_IsNeverRefusedAsAWhole(NonNegativeInt accepted, NonNegativeInt foreignId, NonNegativeInt other)
    {
        var code = Uploads.Decide(accepted.Get, foreignId.Get, other.Get);
        if (foreignId.Get + other.Get == 0)
            code.ShouldBe(ResultCode.Ok);
        else if (accepted.Get > 0)
            code.ShouldBe(ResultCode.Partly);
        else
            code.ShouldBeOneOf(ResultCode.InvalidId, ResultCode.Format);
    }

    [Theory]
    [InlineData(false, true, 0, ResultCode.Roaming)]
    [InlineData(false, false, 3, ResultCode.Roaming)]
    [InlineData(true, false, 0, ResultCode.InvalidId)]
    [InlineData(true, true, 0, ResultCode.Ok)]
    [InlineData(true, true, 1, ResultCode.Partly)]
    public void AddCdrs_RoamingBeforeInvalidIdBeforeTheOutcomes(bool connected, bool anyOwnEvse, int refused, ResultCode expected) =>
        AddingCdrs.Decide(connected, anyOwnEvse, refused).ShouldBe(expected);

    [Theory]
    [InlineData(2, 0, ResultCode.Ok)]
    [InlineData(1, 1, ResultCode.Partly)]
    [InlineData(0, 2, ResultCode.InvalidId)]
    public void ConfirmCdrs_PartlyWhenSomeWereNotApplied(int applied, int notApplied, ResultCode expected) =>
        ConfirmingCdrs.Decide(applied, notApplied).ShouldBe(expected);

    [Fact]
    public void GetCdrsAndCheckCdrs_AskForTheNamedStatus_OrTheirDefaults()
    {
        ReadingCdrs.Statuses(null, [CdrStatus.Accepted, CdrStatus.Revised]).ShouldBe(["accepted", "revised"]);
        ReadingCdrs.Statuses(null, [CdrStatus.Declined]).ShouldBe(["declined"]);
        ReadingCdrs.Statuses(CdrStatusType.Of(CdrStatus.Approved), [CdrStatus.Declined]).ShouldBe(["approved"]);
    }
}
