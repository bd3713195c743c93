using Queue.Contracts;
using Queue.Reputation.Status;
using Queue.ReputationMonitor.Blocklists;
using Queue.ReputationMonitor.Dns;

namespace Queue.ReputationMonitor.Tests.Unit;

public class AnswerClassifierTests
{
    [Fact]
    public void A_known_code_is_a_listing_on_its_list_with_its_severity()
    {
        var result = AnswerClassifier.Classify(Answers.Zen, Answers.A("127.0.0.2"));
        Assert.Equal(LookupOutcome.Listed, result.Outcome);
        var hit = Assert.Single(result.Hits);
        Assert.Equal(("Spamhaus SBL", ReputationSeverity.High), (hit.List, hit.Severity));
    }

    [Fact]
    public void Several_codes_are_several_lists_each_with_its_own_severity()
    {
        var result = AnswerClassifier.Classify(Answers.Zen, Answers.A("127.0.0.4", "127.0.0.10"));
        Assert.Equal(LookupOutcome.Listed, result.Outcome);
        Assert.Equal([("Spamhaus XBL", ReputationSeverity.High), ("Spamhaus PBL (ISP)", ReputationSeverity.Medium)],
            result.Hits.Select(h => (h.List, h.Severity)));
    }

    [Fact]
    public void Nxdomain_and_no_address_are_not_listed()
    {
        Assert.Equal(LookupOutcome.NotListed, AnswerClassifier.Classify(Answers.Zen, Answers.NxDomain()).Outcome);
        Assert.Equal(LookupOutcome.NotListed, AnswerClassifier.Classify(Answers.Zen, Answers.A()).Outcome);
    }

    [Theory]
    [InlineData("127.255.255.252", "typing error")]
    [InlineData("127.255.255.254", "public or open resolver")]
    [InlineData("127.255.255.255", "excessive number of queries")]
    public void Spamhaus_error_codes_are_errors_never_listings(string code, string meaning)
    {
        var result = AnswerClassifier.Classify(Answers.Zen, Answers.A(code));
        Assert.Equal(LookupOutcome.ErrorCode, result.Outcome);
        Assert.Contains(meaning, result.Detail);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public void An_error_code_spoils_a_listing_code_beside_it() =>
        Assert.Equal(LookupOutcome.ErrorCode, AnswerClassifier.Classify(Answers.Zen, Answers.A("127.0.0.2", "127.255.255.254")).Outcome);

    [Fact]
    public void Dbl_answering_an_ip_query_is_an_error() =>
        Assert.Equal(LookupOutcome.ErrorCode, AnswerClassifier.Classify(Answers.Dbl, Answers.A("127.0.1.255")).Outcome);

    [Fact]
    public void Uribl_refusal_is_an_error_not_a_bit() =>
        Assert.Equal(LookupOutcome.ErrorCode, AnswerClassifier.Classify(Answers.Uribl, Answers.A("127.0.0.1")).Outcome);

    [Theory]
    [InlineData("127.0.0.99")] // a code the zone does not document
    [InlineData("127.0.1.2")] // a DBL code asked of ZEN
    public void An_unknown_code_is_invalid(string code) =>
        Assert.Equal(LookupOutcome.InvalidAnswer, AnswerClassifier.Classify(Answers.Zen, Answers.A(code)).Outcome);

    [Fact]
    public void An_address_outside_127_is_a_hijacking_resolver_not_a_listing()
    {
        var result = AnswerClassifier.Classify(Answers.Zen, Answers.A("198.51.100.7"));
        Assert.Equal(LookupOutcome.InvalidAnswer, result.Outcome);
        Assert.Contains("outside 127.0.0.0/8", result.Detail);
    }

    [Fact]
    public void A_known_code_counts_beside_an_unknown_one_which_is_named()
    {
        var result = AnswerClassifier.Classify(Answers.Zen, Answers.A("127.0.0.2", "127.0.0.99"));
        Assert.Equal(LookupOutcome.Listed, result.Outcome);
        Assert.Contains("127.0.0.99", result.Detail);
    }

    [Theory]
    [InlineData(DnsResponseCode.ServFail)]
    [InlineData(DnsResponseCode.Refused)]
    public void Dns_failures_are_errors(DnsResponseCode code) =>
        Assert.Equal(LookupOutcome.DnsError, AnswerClassifier.Classify(Answers.Zen, Answers.Response(code)).Outcome);

    [Fact]
    public void No_answer_is_a_timeout() =>
        Assert.Equal(LookupOutcome.Timeout, AnswerClassifier.Classify(Answers.Zen, Answers.Timeout()).Outcome);

    [Fact]
    public void Surbl_bits_decode_to_each_list()
    {
        var result = AnswerClassifier.Classify(Answers.Surbl, Answers.A("127.0.0.80"));
        Assert.Equal(LookupOutcome.Listed, result.Outcome);
        Assert.Equal(["SURBL MW (malware)", "SURBL ABUSE"], result.Hits.Select(h => h.List));
    }

    [Fact]
    public void Uribl_test_entry_sets_every_bit()
    {
        var result = AnswerClassifier.Classify(Answers.Uribl, Answers.A("127.0.0.14"));
        Assert.Equal(["URIBL black", "URIBL grey", "URIBL red"], result.Hits.Select(h => h.List));
        Assert.Equal([ReputationSeverity.Medium, ReputationSeverity.Information, ReputationSeverity.Information], result.Hits.Select(h => h.Severity));
    }

    [Theory]
    [InlineData("127.0.0.1")] // SURBL does not use bit 1
    [InlineData("127.0.0.32")] // a retired bit
    [InlineData("127.0.1.8")] // not in 127.0.0.x
    public void Bitmask_answers_without_a_known_bit_are_invalid(string code) =>
        Assert.Equal(LookupOutcome.InvalidAnswer, AnswerClassifier.Classify(Answers.Surbl, Answers.A(code)).Outcome);

    [Fact]
    public void Unknown_bits_beside_known_ones_are_ignored() =>
        Assert.Equal(["SURBL PH (phishing)"], AnswerClassifier.DecodeBitmask(Answers.Surbl, [System.Net.IPAddress.Parse("127.0.0.42")]).Select(h => h.List));
}
