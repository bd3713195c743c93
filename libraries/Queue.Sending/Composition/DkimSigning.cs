using System.Collections.Frozen;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using Queue.Sending.Accounts;

namespace Queue.Sending.Composition;

/// <summary>
/// Signs a message with the DKIM key of its sender's domain (RFC 6376, rsa-sha256, relaxed/relaxed), when one is
/// configured. The message is first made 7-bit, so no relay re-encodes what the signature covers.
/// </summary>
public sealed class DkimSigning
{
    readonly FrozenDictionary<string, (DkimSigner Signer, string[] Headers)> signers;

    public DkimSigning(IEnumerable<DkimOptions> domains) =>
        signers = domains.ToFrozenDictionary(d => d.Domain.Trim().ToLowerInvariant(), Create, StringComparer.OrdinalIgnoreCase);

    public static DkimSigning None { get; } = new([]);

    public bool Signs(string domain) => signers.ContainsKey(domain);

    /// <summary>Adds a DKIM-Signature when <paramref name="domain"/> has a key; otherwise leaves the message as it is.</summary>
    public void Sign(MimeMessage message, string domain)
    {
        if (!signers.TryGetValue(domain, out var entry))
        {
            return;
        }

        message.Prepare(EncodingConstraint.SevenBit);
        entry.Signer.Sign(message, entry.Headers);
    }

    static (DkimSigner, string[]) Create(DkimOptions options)
    {
        var key = options.PrivateKey is { Length: > 0 } pem
            ? new MemoryStream(Encoding.ASCII.GetBytes(pem))
            : (Stream)File.OpenRead(options.PrivateKeyPath!);
        using (key)
        {
            var signer = new DkimSigner(key, options.Domain.Trim().ToLowerInvariant(), options.Selector)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
            var headers = options.Headers.Count > 0 ? options.Headers : DkimOptions.DefaultHeaders;
            return (signer, headers.Prepend("From").Distinct(StringComparer.OrdinalIgnoreCase).ToArray());
        }
    }
}
