using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Queue.Configuration;
using Queue.Sending.Accounts;
using Queue.Sending.Composition;
using Queue.Sending.Transport;
using Queue.Sending.Transport.OAuth;

namespace Queue.Sending;

public static class SmtpTransportRegistration
{
    /// <summary>
    /// <see cref="IMailTransport"/> over SMTP, the OAuth 2.0 token sources of its logins, and the checks of the SMTP
    /// routes: every account has a server, and none is reached in plain text outside development.
    /// </summary>
    public static IHostApplicationBuilder AddSmtpTransport(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<MailOptions>, SmtpRoutesValidator>();
        builder.Services.AddOptions<MailOptions>()
            .RefuseOutsideDevelopment(MailOptions.Section, mail => mail.UnsafeOutsideDevelopment());
        builder.Services.AddSingleton(sp => new OAuthTokenSources(sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<IMailTransport>(sp => new SmtpMailTransport(
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<OAuthTokenSources>(), sp.GetRequiredService<DkimSigning>()));
        return builder;
    }
}
