using Queue.Operations;
using Queue.Gateway.Status;

namespace Queue.Gateway.Tests;

public class StatusFolderTests
{
    static readonly DateTimeOffset T = DateTimeOffset.UtcNow;
    static readonly Dictionary<string, string> Meta = new() { ["application"] = "intranet", ["account"] = "intranet@pasto.gov.co" };

    [Fact]
    public void A_final_outcome_wins_over_an_event_heard_after_it()
    {
        var history = new[]
        {
            new StatusTransition(RequestStates.Accepted, T),
            new StatusTransition(RequestStates.Sent, T.AddSeconds(2)) { SmtpReply = "250 OK", MessageId = "<x@pasto.gov.co>" },
            new StatusTransition(RequestStates.Deferred, T.AddSeconds(3)) { Until = T.AddMinutes(1), Rule = "smtp.transient" },
        };

        var view = StatusFolder.Fold(Guid.NewGuid(), history, Meta, null);

        Assert.Equal(RequestStates.Sent, view.State);
        Assert.Equal("250 OK", view.SmtpReply);
        Assert.Equal("intranet", view.Application);
    }

    [Fact]
    public void An_outcome_in_doubt_is_a_state_of_its_own()
    {
        var sent = StatusFolder.Fold(Guid.NewGuid(),
            [new StatusTransition(RequestStates.Accepted, T), new StatusTransition(RequestStates.Sent, T.AddSeconds(1)) { SmtpReply = "250 OK", InDoubt = true }], Meta, null);
        var failed = StatusFolder.Fold(Guid.NewGuid(),
            [new StatusTransition(RequestStates.Accepted, T), new StatusTransition(RequestStates.Failed, T.AddSeconds(1)) { Reason = "no answer", InDoubt = true }], Meta, null);

        Assert.Equal(RequestStates.SentInDoubt, sent.State);
        Assert.Contains("may arrive twice", sent.Summary);
        Assert.Equal(RequestStates.FailedInDoubt, failed.State);
    }

    [Fact]
    public void A_deferral_says_until_when_and_why()
    {
        var view = StatusFolder.Fold(Guid.NewGuid(),
            [new StatusTransition(RequestStates.Accepted, T), new StatusTransition(RequestStates.Deferred, T.AddSeconds(1)) { Until = T.AddHours(1), Rule = "quota.account.hour", Reason = "used up" }],
            Meta, null);

        Assert.Equal(RequestStates.Deferred, view.State);
        Assert.Equal(T.AddHours(1), view.Until);
        Assert.Contains("quota.account.hour", view.Summary);
    }

    [Fact]
    public void A_split_request_reports_its_parts_and_ends_sent_or_partly_failed()
    {
        var parts = new[] { new PartStatus(Guid.NewGuid(), "sent"), new PartStatus(Guid.NewGuid(), "pending") };
        var history = new[] { new StatusTransition(RequestStates.Accepted, T), new StatusTransition(RequestStates.Split, T) { Parts = 2 } };

        Assert.Equal(RequestStates.Split, StatusFolder.Fold(Guid.NewGuid(), history, Meta, new SplitProgress(2, 1, 0, parts)).State);
        Assert.Equal(RequestStates.Sent, StatusFolder.Fold(Guid.NewGuid(), history, Meta, new SplitProgress(2, 2, 0, parts)).State);
        var partly = StatusFolder.Fold(Guid.NewGuid(), history, Meta, new SplitProgress(2, 1, 1, parts));
        Assert.Equal(RequestStates.PartlyFailed, partly.State);
        Assert.Contains("1 sent, 1 failed", partly.Summary);
    }

    [Theory]
    [InlineData(1, "1 recipient,")]
    [InlineData(2, "2 recipients,")]
    public void An_accepted_request_counts_its_recipients_in_good_english(int recipients, string expected) =>
        Assert.Contains(expected, StatusFolder.Fold(Guid.NewGuid(),
            [new StatusTransition(RequestStates.Accepted, T) { Recipients = recipients, From = "intranet@pasto.gov.co" }], Meta, null).Summary);
}
