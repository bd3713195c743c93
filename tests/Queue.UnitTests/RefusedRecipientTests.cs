using Queue.Contracts;
using Queue.Sending.Transport;

namespace Queue.UnitTests;

public class RefusedRecipientTests
{
    static RefusedRecipient Refused(int code) => new(new RecipientRefusal { Address = "a@example.org", SmtpReply = $"{code} refused" }, code);

    [Fact]
    public void Only_a_4xx_refusal_is_for_now()
    {
        Assert.True(Refused(450).ForNow);
        Assert.True(Refused(452).ForNow);
        Assert.False(Refused(550).ForNow);
        Assert.False(Refused(554).ForNow);
    }

    [Fact]
    public void Events_get_the_refusals_as_they_were()
    {
        var result = SendResult.Sent("250 ok", [Refused(451), Refused(550)]);

        Assert.Equal(["451 refused", "550 refused"], result.Refused.Select(r => r.SmtpReply));
    }
}
