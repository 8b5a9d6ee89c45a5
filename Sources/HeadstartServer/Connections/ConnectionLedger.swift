import Synchronization

/// Open connections and watchers per uid, so one local user cannot take every slot: a user
/// over its cap is turned away while everyone else is still served. Root, the daemon's own uid
/// and the admin group are exempt (they run the daemon, and are trusted with it).
public final class ConnectionLedger: Sendable {
    /// What is counted per uid.
    enum Slot: Sendable { case connection, watcher }

    /// Most connections one uid may hold at once.
    public let connectionsPerUID: Int
    /// Most event streams one uid may hold at once.
    public let watchersPerUID: Int
    private let held = Mutex<[Slot: [UInt32: Int]]>([:])

    public init(connectionsPerUID: Int, watchersPerUID: Int) {
        self.connectionsPerUID = connectionsPerUID
        self.watchersPerUID = watchersPerUID
    }

    /// Counts a new slot of `uid`; false (and nothing counted) when the uid is at its cap.
    func admit(_ slot: Slot, _ uid: UInt32, exempt: Bool) -> Bool {
        let cap = slot == .connection ? connectionsPerUID : watchersPerUID
        return held.withLock { held in
            let count = held[slot, default: [:]][uid, default: 0]
            guard exempt || count < cap else { return false }
            held[slot, default: [:]][uid] = count + 1
            return true
        }
    }

    /// Gives back a slot `admit` counted.
    func release(_ slot: Slot, _ uid: UInt32) {
        held.withLock { held in
            let count = held[slot, default: [:]][uid, default: 0] - 1
            held[slot, default: [:]][uid] = count > 0 ? count : nil
        }
    }

    /// Connections open now, over every uid.
    public var connections: Int { held.withLock { $0[.connection, default: [:]].values.reduce(0, +) } }
}
