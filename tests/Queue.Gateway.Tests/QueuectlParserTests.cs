using System.Net;
using System.Text;
using System.Text.Json;
using Queue.Ctl;

namespace Queue.Gateway.Tests;

/// <summary>queuectl's command line and exit codes without a gateway: a fake HTTP handler answers and records the calls.</summary>
public class QueuectlParserTests
{
    sealed class FakeGateway(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(string Method, string Path, string? Body)> Calls { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls.Add((request.Method.Method, request.RequestUri!.PathAndQuery, request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken)));
            return answer(request);
        }
    }

    static HttpResponseMessage Json(HttpStatusCode status, string json, string type = "application/json") =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, type) };

    static async Task<(int Exit, string Output, string Error)> RunAsync(FakeGateway gateway, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var environment = new Dictionary<string, string?> { ["QUEUE_URL"] = "http://gateway.test", ["QUEUE_API_KEY"] = "qk_test" };
        var exit = await new Cli(output, error, name => environment.GetValueOrDefault(name), gateway).RunAsync(args);
        return (exit, output.ToString(), error.ToString());
    }

    static FakeGateway Unused() => new(_ => throw new InvalidOperationException("no call expected"));

    [Fact]
    public async Task Pause_of_all_sending_posts_the_typed_command_and_exits_0()
    {
        var gateway = new FakeGateway(_ => Json(HttpStatusCode.Accepted, """{"scope":"*","action":"pause","by":"carlos via ops"}"""));

        var result = await RunAsync(gateway, "pause", "--all", "--reason", "mantenimiento", "--until", "2030-01-02T03:04:05-05:00", "--by", "carlos");

        Assert.Equal((0, ""), (result.Exit, result.Error));
        Assert.Contains("pause of all sending sent to the dispatchers (by carlos via ops)", result.Output);
        var (method, path, body) = Assert.Single(gateway.Calls);
        Assert.Equal(("POST", "/v1/pause"), (method, path));
        var sent = JsonSerializer.Deserialize<JsonElement>(body!);
        Assert.Equal(JsonValueKind.Null, sent.GetProperty("account").ValueKind);
        Assert.Equal("mantenimiento", sent.GetProperty("reason").GetString());
        Assert.Equal(DateTimeOffset.Parse("2030-01-02T03:04:05-05:00"), sent.GetProperty("until").GetDateTimeOffset());
        Assert.Equal("carlos", sent.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Advisers_are_sent_by_the_contracts_names()
    {
        var id = Guid.NewGuid();
        var gateway = new FakeGateway(_ => Json(HttpStatusCode.Accepted, $$"""{"requestId":"{{id}}","decision":"approve","by":"yanet","statusUrl":"/v1/messages/{{id}}"}"""));

        var result = await RunAsync(gateway, "approve", id.ToString(), "--advised-by", "human-resources,MayorsOffice", "--comment", "ok");

        Assert.Equal(0, result.Exit);
        var sent = JsonSerializer.Deserialize<JsonElement>(Assert.Single(gateway.Calls).Body!);
        Assert.Equal(["HumanResources", "MayorsOffice"], sent.GetProperty("advisedBy").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Json_prints_the_answer_of_the_path_the_command_reads()
    {
        var gateway = new FakeGateway(_ => Json(HttpStatusCode.OK, """{"account":"a@pasto.gov.co","limits":[]}"""));

        var result = await RunAsync(gateway, "quotas", "a b@pasto.gov.co", "--json");

        Assert.Equal(0, result.Exit);
        Assert.Equal("/v1/quotas/a%20b%40pasto.gov.co", Assert.Single(gateway.Calls).Path);
        Assert.Contains("\"account\": \"a@pasto.gov.co\"", result.Output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("pause", "intranet@pasto.gov.co")]
    [InlineData("pause", "--reason", "x")]
    [InlineData("pause", "intranet@pasto.gov.co", "--all", "--reason", "x")]
    [InlineData("pause", "--json")]
    [InlineData("pause", "x", "--reason", "x", "--until", "mañana")]
    [InlineData("holds", "--frob")]
    [InlineData("approve", "not-a-guid")]
    [InlineData("approve", "6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10", "--advised-by", "the-pope")]
    [InlineData("cancel", "6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10")]
    [InlineData("deny", "6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10")]
    [InlineData("dead-letters", "purge", "--reason", "everything")]
    [InlineData("settings", "set", "s.json", "--reason", "x", "--version", "three")]
    [InlineData("settings", "frob")]
    [InlineData("suppressions")]
    [InlineData("suppressions", "add", "x@pasto.gov.co")]
    [InlineData("keys", "create", "--app", "x")]
    [InlineData("send", "/no/such/file.json")]
    [InlineData("holds", "--url", "ftp://gateway.test")]
    public async Task Command_line_mistakes_exit_1_with_one_line_before_any_call(params string[] args)
    {
        var gateway = Unused();

        var result = await RunAsync(gateway, args);

        Assert.Equal((int)CliExit.Usage, result.Exit);
        Assert.StartsWith("queuectl: ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(gateway.Calls);
    }

    [Fact]
    public async Task No_arguments_print_the_help_and_exit_1()
    {
        var result = await RunAsync(Unused());

        Assert.Equal((int)CliExit.Usage, result.Exit);
        Assert.Contains("Commands:", result.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("pause", "--help")]
    [InlineData("suppressions", "add", "--help")]
    [InlineData("settings", "set", "-h")]
    [InlineData("keys", "create", "--help")]
    public async Task Help_of_every_command_exits_0_and_lists_the_exit_codes(params string[] args)
    {
        var result = await RunAsync(Unused(), args);

        Assert.Equal(0, result.Exit);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains("Exit codes:", result.Output);
        Assert.Contains("3  the gateway or Redis cannot be reached", result.Output);
    }

    [Fact]
    public async Task A_refusal_exits_2_in_the_gateways_words()
    {
        var gateway = new FakeGateway(_ => Json(HttpStatusCode.NotFound,
            """{"title":"No such request","status":404,"detail":"6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10 is not a request this gateway knows"}""", "application/problem+json"));

        var result = await RunAsync(gateway, "cancel", "6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10", "--reason", "x");

        Assert.Equal((int)CliExit.Refused, result.Exit);
        Assert.Equal("queuectl: 404 No such request: 6f1c2a7e-8d3b-4f0e-9a57-0c2d9e4b7a10 is not a request this gateway knows", result.Error.Trim());
    }

    [Fact]
    public async Task A_validation_problem_names_each_field()
    {
        var gateway = new FakeGateway(_ => Json(HttpStatusCode.BadRequest,
            """{"title":"The suppression is invalid","status":400,"errors":{"address":["is not an e-mail address"],"domain":["is required"]}}""", "application/problem+json"));

        var result = await RunAsync(gateway, "suppressions", "add", "x", "--reason", "r");

        Assert.Equal((int)CliExit.Refused, result.Exit);
        Assert.Equal("queuectl: 400 The suppression is invalid: address is not an e-mail address; domain is required", result.Error.Trim());
    }

    [Fact]
    public async Task An_unreachable_gateway_exits_3()
    {
        var result = await RunAsync(new FakeGateway(_ => throw new HttpRequestException("Connection refused (gateway.test:80)")), "holds");

        Assert.Equal((int)CliExit.Unreachable, result.Exit);
        Assert.Equal("queuectl: cannot reach the gateway: Connection refused (gateway.test:80)", result.Error.Trim());
    }

    [Fact]
    public async Task An_answer_that_is_not_the_gateways_exits_2_and_says_so()
    {
        var result = await RunAsync(new FakeGateway(_ => Json(HttpStatusCode.OK, "<html>proxy</html>", "text/html")), "holds");

        Assert.Equal((int)CliExit.Refused, result.Exit);
        Assert.Contains("is --url the gateway?", result.Error);
    }
}
