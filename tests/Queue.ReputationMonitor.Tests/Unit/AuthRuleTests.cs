using Queue.Reputation.Status;
using Queue.ReputationMonitor.Auth;

namespace Queue.ReputationMonitor.Tests.Unit;

public class AuthRuleTests
{
    [Fact]
    public void Spf_needs_exactly_one_v_spf1_record()
    {
        Assert.Equal(AuthCheckOutcome.Pass, SpfRule.Evaluate(["google-site-verification=abc", "v=spf1 include:_spf.google.com ~all"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Pass, SpfRule.Evaluate(["V=SPF1 -all"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, SpfRule.Evaluate(["google-site-verification=abc"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, SpfRule.Evaluate(["v=spf10 -all"]).Outcome);
        var two = SpfRule.Evaluate(["v=spf1 -all", "v=spf1 include:x ~all"]);
        Assert.Equal(AuthCheckOutcome.Fail, two.Outcome);
        Assert.Contains("2 v=spf1 records", two.Detail);
    }

    [Fact]
    public void Dkim_needs_a_key_in_p()
    {
        var pass = DkimRule.Evaluate(["v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]);
        Assert.Equal(AuthCheckOutcome.Pass, pass.Outcome);
        Assert.Contains("k=rsa", pass.Detail);
        Assert.Equal(AuthCheckOutcome.Fail, DkimRule.Evaluate(["v=DKIM1; p="]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, DkimRule.Evaluate([]).Outcome);
        Assert.Equal(AuthCheckOutcome.Pass, DkimRule.Evaluate(["v=DKIM1; p=MIIB IjAN"]).Outcome);
    }

    [Fact]
    public void Dmarc_needs_one_record_with_a_policy()
    {
        var reject = DmarcRule.Evaluate(["v=DMARC1; p=reject; rua=mailto:dmarc@pasto.gov.co"]);
        Assert.Equal((AuthCheckOutcome.Pass, "p=reject"), (reject.Outcome, reject.Detail));
        Assert.Equal(AuthCheckOutcome.Pass, DmarcRule.Evaluate(["v=DMARC1;p=none"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, DmarcRule.Evaluate(["v=DMARC1; rua=mailto:x@y"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, DmarcRule.Evaluate(["v=DMARC1; p=block"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, DmarcRule.Evaluate(["v=spf1 -all"]).Outcome);
        Assert.Equal(AuthCheckOutcome.Fail, DmarcRule.Evaluate(["v=DMARC1; p=reject", "v=DMARC1; p=none"]).Outcome);
    }
}
