using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Queue.Testing;

/// <summary>The RabbitMQ management HTTP API: a virtual host per test class, and queue depths.</summary>
public sealed class RabbitManagement : IDisposable
{
    readonly HttpClient http = new() { BaseAddress = TestServers.RabbitManagement, Timeout = TimeSpan.FromSeconds(30) };

    public RabbitManagement()
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
    }

    public async Task CreateVirtualHostAsync(string vhost)
    {
        (await http.PutAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}", null)).EnsureSuccessStatusCode();
        var permissions = JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" });
        (await http.PutAsync($"api/permissions/{Uri.EscapeDataString(vhost)}/guest", permissions)).EnsureSuccessStatusCode();
    }

    /// <summary>A user that may only publish to <paramref name="writePattern"/>: what an application gets.</summary>
    public async Task CreateUserAsync(string vhost, string user, string password, string writePattern)
    {
        (await http.PutAsync($"api/users/{Uri.EscapeDataString(user)}", JsonContent.Create(new { password, tags = "" }))).EnsureSuccessStatusCode();
        var permissions = JsonContent.Create(new { configure = "^$", write = writePattern, read = "^$" });
        (await http.PutAsync($"api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(user)}", permissions)).EnsureSuccessStatusCode();
    }

    public async Task DeleteUserAsync(string user) => await http.DeleteAsync($"api/users/{Uri.EscapeDataString(user)}");

    public async Task DeleteVirtualHostAsync(string vhost) => await http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(vhost)}");

    /// <summary>Ready plus unacknowledged messages in a queue; -1 when the queue does not exist.</summary>
    public async Task<long> DepthAsync(string vhost, string queue)
    {
        using var response = await http.GetAsync($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return -1;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        long Read(string name) => json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
        return Read("messages_ready") + Read("messages_unacknowledged");
    }

    public void Dispose() => http.Dispose();
}
