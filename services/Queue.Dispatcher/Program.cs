using Queue.Dispatcher;
using Queue.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDispatcher();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

/// <summary>Entry point, visible to the integration tests' web application factory.</summary>
public partial class Program;
