/// The name of every event type, the `type` of each line of `GET /v1/events`.
public enum EventType: String, Codable, Sendable, CaseIterable {
    case planSubmitted = "plan-submitted"
    case planDeleted = "plan-deleted"
    case recommendationsChanged = "recommendations-changed"
    case replanned
    case planInvalid = "plan-invalid"
    case catalogReplaced = "catalog-replaced"
    case catalogRejected = "catalog-rejected"
    case shutdown
    /// Not logged: the stream tells a watcher it missed events and where to resume.
    case resync
}
