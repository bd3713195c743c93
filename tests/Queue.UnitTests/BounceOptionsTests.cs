using Queue.Dispatching.Bounces;
using Queue.Configuration;

namespace Queue.UnitTests;

/// <summary>The bounce settings are checked at start, each failure naming its full setting path.</summary>
public class BounceOptionsTests
{
    static IReadOnlyList<string> Failures(BounceOptions options) =>
        new ConfigurationPathValidator<BounceOptions>(BounceOptions.Section).Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void No_host_means_no_reader_and_nothing_else_is_required() => Assert.Empty(Failures(new BounceOptions()));

    [Fact]
    public void A_mailbox_without_credentials_or_with_a_bad_keyword_is_refused_naming_the_setting()
    {
        var failures = Failures(new BounceOptions
        {
            Imap = new BounceImapOptions { Host = "imap.pasto.gov.co", User = "bounces", ProcessedKeyword = "Queue Processed", UnprocessableFolder = "INBOX" },
            SoftBounceWindow = TimeSpan.Zero,
        });

        Assert.Contains(failures, f => f.Contains("'Bounces:Imap:Password'"));
        Assert.Contains(failures, f => f.Contains("'Bounces:Imap:ProcessedKeyword'"));
        Assert.Contains(failures, f => f.Contains("'Bounces:Imap:UnprocessableFolder'"));
        Assert.Contains(failures, f => f.Contains("'Bounces:SoftBounceWindow'"));
    }

    [Fact]
    public void Pause_thresholds_outside_0_and_1_are_refused() =>
        Assert.Contains(Failures(new BounceOptions { Pause = new BouncePauseOptions { HardBounceRate = 5 } }), f => f.Contains("'Bounces:Pause:HardBounceRate'"));
}
