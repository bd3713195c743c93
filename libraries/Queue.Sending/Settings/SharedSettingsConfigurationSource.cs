using Microsoft.Extensions.Configuration;

namespace Queue.Sending.Settings;

sealed class SharedSettingsConfigurationSource(SharedSettings holder) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => holder.Attach(new SharedSettingsConfigurationProvider(holder));
}
