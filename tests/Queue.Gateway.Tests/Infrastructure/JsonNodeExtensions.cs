using System.Text.Json.Nodes;

namespace Queue.Gateway.Tests.Infrastructure;

static class JsonNodeExtensions
{
    /// <summary>Changes a node in place and returns it, for one-line variations of a request.</summary>
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
