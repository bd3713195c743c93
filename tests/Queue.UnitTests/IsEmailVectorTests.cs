using System.Xml.Linq;
using Queue.Sending.Validation;

namespace Queue.UnitTests;

/// <summary>Dominic Sayers' is_email vectors (TestData/isemail): what validation refuses and what it accepts as written.</summary>
public class IsEmailVectorTests
{
    /// <summary>
    /// Valid RFC 5321/5322 forms Queue refuses on purpose (README, "Addresses"): quoted local parts, address
    /// literals, comments and folding white space inside an address, obsolete syntax, single-label and numeric
    /// top-level domains. None is needed for institutional mail, and each is a way to write one mailbox that a
    /// reader (or another parser) takes for a different one.
    /// </summary>
    static readonly HashSet<string> RefusedByChoice =
    [
        "ISEMAIL_RFC5321_QUOTEDSTRING", "ISEMAIL_RFC5321_ADDRESSLITERAL", "ISEMAIL_RFC5321_IPV6DEPRECATED",
        "ISEMAIL_RFC5321_TLD", "ISEMAIL_RFC5321_TLDNUMERIC",
        "ISEMAIL_CFWS_COMMENT", "ISEMAIL_CFWS_FWS",
        "ISEMAIL_DEPREC_CFWS_NEAR_AT", "ISEMAIL_DEPREC_COMMENT", "ISEMAIL_DEPREC_CTEXT", "ISEMAIL_DEPREC_FWS",
        "ISEMAIL_DEPREC_LOCALPART", "ISEMAIL_DEPREC_QP", "ISEMAIL_DEPREC_QTEXT",
    ];

    /// <summary><c>test@io</c>: a domain of one label, valid but refused like ISEMAIL_RFC5321_TLD.</summary>
    const int SingleLabelDomain = 5;

    public static TheoryData<int, string, string, string> Vectors()
    {
        var data = new TheoryData<int, string, string, string>();
        var file = XDocument.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "isemail", "tests.xml"));
        foreach (var test in file.Root!.Elements("test"))
        {
            data.Add((int)test.Attribute("id")!, Controls((string?)test.Element("address") ?? ""), (string)test.Element("category")!, (string)test.Element("diagnosis")!);
        }

        return data;
    }

    [Fact]
    public void The_file_holds_all_164_vectors() => Assert.Equal(164, Vectors().Count);

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Invalid_addresses_are_refused_and_valid_ones_are_accepted_as_written_or_refused_by_choice(int id, string address, string category, string diagnosis)
    {
        var accepted = Mailbox.TryParse(address, out var mailbox, out var error);
        if (category is "ISEMAIL_ERR" or "ISEMAIL_RFC5322")
        {
            Assert.False(accepted, $"#{id} {diagnosis}: '{address}' was accepted as {mailbox}");
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
        else if (accepted)
        {
            // White space around an entry is not part of it (two CFWS_FWS vectors); nothing else may change.
            Assert.Equal(Normalised(address.Trim()), mailbox.Address);
            Assert.True(SmtpPath.IsValid(mailbox.Address));
        }
        else
        {
            Assert.True(RefusedByChoice.Contains(diagnosis) || id == SingleLabelDomain, $"#{id} {diagnosis}: '{address}' was refused: {error.Message}");
        }
    }

    /// <summary>Only the domain's case changes; the local part is what was written.</summary>
    static string Normalised(string address) => address[..(address.LastIndexOf('@') + 1)] + address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    /// <summary>The file writes control character N as U+2400 + N (XML cannot hold most of them).</summary>
    static string Controls(string value) => new(value.Select(c => c is >= '\u2400' and < '\u2420' ? (char)(c - 0x2400) : c).ToArray());
}
