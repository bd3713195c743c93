using System.Net;
using MailKit.Net.Smtp;
using MailKit.Security;
using Queue.Sending.Accounts;
using Queue.Sending.Transport.OAuth;

namespace Queue.Sending.Transport.Smtp;

/// <summary>
/// AUTH (RFC 4954) with a route's credentials: PLAIN (LOGIN when PLAIN is not offered) with a password, or
/// XOAUTH2 / OAUTHBEARER with an access token. A token the server refuses is renewed once and tried again on the
/// same session; a second refusal fails the session.
/// </summary>
public sealed class SmtpLogin(OAuthTokenSources tokens)
{
    public async Task AuthenticateAsync(SmtpClient client, SmtpRoute route, SmtpCredentials credentials, CancellationToken cancellationToken)
    {
        if (!client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
        {
            // A development sink takes mail without AUTH; a real relay that offers none after TLS is misconfigured.
            if (route.Security == SmtpSecurity.None)
            {
                return;
            }

            throw new NotSupportedException($"offers no AUTH, but this route logs in as {credentials.UserName}");
        }

        if (credentials.OAuth is { } oauth)
        {
            await OAuthAsync(client, credentials.UserName, oauth, cancellationToken);
            return;
        }

        var password = new NetworkCredential(credentials.UserName, credentials.Password);
        SaslMechanism mechanism = client.AuthenticationMechanisms.Contains("PLAIN") ? new SaslMechanismPlain(password)
            : client.AuthenticationMechanisms.Contains("LOGIN") ? new SaslMechanismLogin(password)
            : throw new NotSupportedException($"offers AUTH {string.Join(" ", client.AuthenticationMechanisms)}, none of which (PLAIN, LOGIN) a password can use");
        await client.AuthenticateAsync(mechanism, cancellationToken);
    }

    async Task OAuthAsync(SmtpClient client, string user, OAuthClient oauth, CancellationToken cancellationToken)
    {
        var name = oauth.Mechanism == OAuthMechanism.OAuthBearer ? "OAUTHBEARER" : "XOAUTH2";
        if (!client.AuthenticationMechanisms.Contains(name))
        {
            throw new NotSupportedException($"offers AUTH {string.Join(" ", client.AuthenticationMechanisms)}, not {name} which this route logs in with");
        }

        var source = tokens.For(oauth);
        for (var attempt = 0; ; attempt++)
        {
            var token = await source.GetAsync(cancellationToken);
            var credential = new NetworkCredential(user, token.Value);
            SaslMechanism mechanism = oauth.Mechanism == OAuthMechanism.OAuthBearer ? new SaslMechanismOAuthBearer(credential) : new SaslMechanismOAuth2(credential);
            try
            {
                await client.AuthenticateAsync(mechanism, cancellationToken);
                return;
            }
            catch (AuthenticationException) when (attempt == 0)
            {
                // Revoked or expired early: one fresh token, then the refusal stands.
                source.Refused(token);
            }
        }
    }

    /// <summary>
    /// Whether a refused login is worth trying later. MailKit says the server's code only in the text it makes,
    /// <c>"535: …"</c>; a 4xx (454: temporary failure) is transient, anything else is not.
    /// </summary>
    public static SendStatus Status(AuthenticationException refused) =>
        refused.Message.StartsWith('4') ? SendStatus.TransientFailure : SendStatus.PermanentFailure;
}
