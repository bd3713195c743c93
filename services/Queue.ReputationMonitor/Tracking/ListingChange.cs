namespace Queue.ReputationMonitor.Tracking;

public enum ListingChange
{
    None,
    Confirmed,
    Cleared,
}
