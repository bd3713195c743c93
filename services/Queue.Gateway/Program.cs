using Queue.Gateway;
using Queue.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGateway();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapGateway();
app.Run();

/// <summary>Internal, so tests that also host the dispatcher (whose Program is public) see one Program.</summary>
internal partial class Program;
