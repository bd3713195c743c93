using Queue.ReputationMonitor;
using Queue.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddReputationMonitor();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapReputationStatus();
app.Run();

/// <summary>Entry point, visible to the tests' web application factory.</summary>
public partial class Program;
