using System.Text;
using Microsoft.Extensions.Time.Testing;
using Queue.Sending.Accounts;
using Queue.Sending.Transport.Smtp;
using Queue.Configuration;

namespace Queue.UnitTests;

/// <summary>Timeouts per phase: what each phase gets, the worst case of one send, and the settings that give them.</summary>
public class SmtpTimeoutsTests
{
    static readonly SmtpTimeouts Timeouts = new(
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 50_000, TimeSpan.FromMinutes(10));

    [Fact]
    public void The_content_gets_its_base_plus_its_size_at_the_minimum_rate()
    {
        Assert.Equal(TimeSpan.FromSeconds(60), Timeouts.Data(0));
        Assert.Equal(TimeSpan.FromSeconds(61), Timeouts.Data(50_000));
        Assert.Equal(TimeSpan.FromSeconds(60 + 500), Timeouts.Data(25_000_000));
    }

    [Fact]
    public void The_worst_case_of_a_send_adds_every_phase_once_and_a_command_for_a_stale_session()
    {
        // Stale session's MAIL FROM, connect, login, envelope, DATA, content, final reply.
        Assert.Equal(TimeSpan.FromSeconds(60 + 30 + 60 + 60 + 60 + (60 + 500) + 600), Timeouts.MaxSendDuration(25_000_000));
        Assert.True(Timeouts.MaxSendDuration(1_000_000) < Timeouts.MaxSendDuration(2_000_000));
    }

    [Fact]
    public void The_defaults_are_the_settings_defaults_and_give_the_final_reply_ten_minutes()
    {
        Assert.Equal(SmtpTimeouts.Default, new SmtpEndpointOptions { Host = "smtp.gmail.com" }.Timeouts());
        Assert.Equal(TimeSpan.FromMinutes(10), SmtpTimeouts.Default.FinalReply);
    }

    [Fact]
    public void Each_phase_restarts_the_clock_with_its_own_limit()
    {
        var clock = new FakeTimeProvider();
        using var deadline = new SmtpDeadline(Timeouts, clock, CancellationToken.None);

        deadline.Enter(SmtpPhase.Command);
        clock.Advance(TimeSpan.FromSeconds(59));
        deadline.Enter(SmtpPhase.Data, 100_000);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.False(deadline.Token.IsCancellationRequested);
        deadline.Enter(SmtpPhase.FinalReply);
        clock.Advance(TimeSpan.FromSeconds(599));
        Assert.False(deadline.Token.IsCancellationRequested);

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.True(deadline.Expired);
        Assert.Equal(SmtpPhase.FinalReply, deadline.Phase);
    }

    [Fact]
    public void A_phase_that_ran_out_stays_expired()
    {
        var clock = new FakeTimeProvider();
        using var deadline = new SmtpDeadline(Timeouts, clock, CancellationToken.None);
        deadline.Enter(SmtpPhase.Connect);
        clock.Advance(TimeSpan.FromSeconds(30));

        deadline.Enter(SmtpPhase.Command);

        Assert.True(deadline.Expired);
        Assert.Equal(SmtpPhase.Connect, deadline.Phase);
    }

    [Fact]
    public void The_caller_cancelling_is_not_a_timeout()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new SmtpDeadline(Timeouts, new FakeTimeProvider(), caller.Token);

        caller.Cancel();

        Assert.True(deadline.Token.IsCancellationRequested);
        Assert.False(deadline.Expired);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_protocol_moves_the_deadline_from_commands_to_content_to_the_final_reply(bool chunked)
    {
        var clock = new FakeTimeProvider();
        using var deadline = new SmtpDeadline(Timeouts, clock, CancellationToken.None);
        var stages = new StageLogger { Deadline = deadline, ContentSize = 6000 };
        var content = new string('a', 5998) + "\r\n";

        Write(stages, "MAIL FROM:<intranet@pasto.gov.co>\r\nRCPT TO:<ana@pasto.gov.co>\r\n");
        Assert.Equal(SmtpPhase.Command, deadline.Phase);
        if (chunked)
        {
            Write(stages, "BDAT 6000 LAST\r\n" + content[..4000]);
            Assert.Equal((SmtpPhase.Data, Timeouts.Data(6000)), (deadline.Phase, deadline.Limit));
            Write(stages, content[4000..]);
        }
        else
        {
            Write(stages, "DATA\r\n");
            Assert.Equal(SmtpPhase.Command, deadline.Phase);
            Write(stages, content[..4000]);
            Assert.Equal((SmtpPhase.Data, Timeouts.Data(6000)), (deadline.Phase, deadline.Limit));
            Write(stages, content[4000..]);
            Assert.Equal(SmtpPhase.Data, deadline.Phase);

            // The end of DATA may come in a write of its own.
            Write(stages, ".\r\n");
        }

        Assert.Equal((SmtpPhase.FinalReply, TimeSpan.FromMinutes(10)), (deadline.Phase, deadline.Limit));
        Assert.Equal(SmtpStage.ContentSent, stages.Stage);
    }

    [Fact]
    public void The_former_single_timeout_is_refused_naming_what_replaces_it()
    {
        var failures = Failures(new SmtpEndpointOptions { Host = "smtp.gmail.com", TimeoutSeconds = 60 });

        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:TimeoutSeconds' is invalid") && f.Contains("FinalReplyTimeoutSeconds"));
    }

    [Fact]
    public void A_final_reply_limit_beyond_ten_minutes_is_refused_by_name()
    {
        var failures = Failures(new SmtpEndpointOptions { Host = "smtp.gmail.com", FinalReplyTimeoutSeconds = 601 });

        Assert.Contains(failures, f => f.StartsWith("setting 'Mail:Smtp:FinalReplyTimeoutSeconds' is invalid"));
    }

    static List<string> Failures(SmtpEndpointOptions smtp) =>
        new ConfigurationPathValidator<MailOptions>("Mail")
            .Validate(null, new MailOptions { Smtp = smtp, Senders = [new SenderAccountOptions { Address = "intranet@pasto.gov.co" }] })
            .Failures!.ToList();

    static void Write(StageLogger stages, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        stages.LogClient(bytes, 0, bytes.Length);
    }
}
