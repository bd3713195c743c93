using Queue.Contracts;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

public class MailboxTests
{
    [Theory]
    [InlineData("ana@pasto.gov.co", "ana@pasto.gov.co", null)]
    [InlineData("Ana Pérez <ana@pasto.gov.co>", "ana@pasto.gov.co", "Ana Pérez")]
    [InlineData("\"Pérez, Ana\" <ana@pasto.gov.co>", "ana@pasto.gov.co", "Pérez, Ana")]
    [InlineData("  ana@PASTO.gov.co ", "ana@pasto.gov.co", null)]
    [InlineData("ana@alcaldía.gov.co", "ana@xn--alcalda-dza.gov.co", null)]
    public void Parses_addresses_with_display_names_and_normalises_the_domain(string input, string address, string? displayName)
    {
        Assert.True(Mailbox.TryParse(input, out var mailbox, out _));
        Assert.Equal(address, mailbox.Address);
        Assert.Equal(displayName, mailbox.DisplayName);
    }

    [Theory]
    [InlineData("", RuleNames.AddressInvalid)]
    [InlineData("not an address", RuleNames.AddressInvalid)]
    [InlineData("ana@", RuleNames.AddressInvalid)]
    [InlineData("ana@localhost", RuleNames.AddressInvalid)]
    [InlineData("ana@[127.0.0.1]", RuleNames.AddressInvalid)]
    [InlineData("ana@pasto.gov.co, luis@pasto.gov.co", RuleNames.AddressInvalid)]
    [InlineData("ana@pasto.gov.co\r\nBcc: victim@example.org", RuleNames.HeaderInjection)]
    [InlineData("Ana\n <ana@pasto.gov.co>", RuleNames.HeaderInjection)]
    [InlineData("josé@pasto.gov.co", RuleNames.AddressInternationalised)]
    public void Refuses_what_is_not_one_plain_mailbox(string input, string rule)
    {
        Assert.False(Mailbox.TryParse(input, out _, out var error));
        Assert.Equal(rule, error.Rule);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Refuses_a_local_part_longer_than_rfc_5321_allows()
    {
        Assert.False(Mailbox.TryParse(new string('a', 65) + "@pasto.gov.co", out _, out var error));
        Assert.Equal(RuleNames.AddressInvalid, error.Rule);
    }
}
