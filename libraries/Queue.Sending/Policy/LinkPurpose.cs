namespace Queue.Sending.Policy;

/// <summary>What a signed recipient link does; each purpose has its own key, so a token of one never works for another.</summary>
public enum LinkPurpose
{
    Unsubscribe,
    Resubscribe,
}
