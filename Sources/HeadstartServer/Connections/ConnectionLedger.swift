import Synchronization

/// Open connections and watchers per uid, so one local user cannot take every slot: a user
/// over its cap is turned away while everyone else is still served. Root, the daemon's own uid
/// and the admin group are exempt (they run the daemon, and are trusted with it).
public final class ConnectionLedger: Sendable {
    /// Most connections one uid may hold at once.
    public let connectionsPerUID: Int
    /// Most event streams one uid may hold at once.
    public let watchersPerUID: Int
    private let counts = Mutex<(connections: [UInt32: Int], watchers: [UInt32: Int])>(([:], [:]))

    public init(connectionsPerUID: Int, watchersPerUID: Int) {
        self.connectionsPerUID = connectionsPerUID
        self.watchersPerUID = watchersPerUID
    }

    /// Counts a new connection of `uid`; false (and nothing counted) when the uid is at its cap.
    func admitConnection(_ uid: UInt32, exempt: Bool) -> Bool {
        counts.withLock { c in
            let held = c.connections[uid, default: 0]
            guard exempt || held < connectionsPerUID else { return false }
            c.connections[uid] = held + 1
            return true
        }
    }

    func releaseConnection(_ uid: UInt32) {
        counts.withLock { c in
            let held = c.connections[uid, default: 0] - 1
            c.connections[uid] = held > 0 ? held : nil
        }
    }

    /// Counts a new watcher of `uid`; false when the uid is at its cap.
    func admitWatcher(_ uid: UInt32, exempt: Bool) -> Bool {
        counts.withLock { c in
            let held = c.watchers[uid, default: 0]
            guard exempt || held < watchersPerUID else { return false }
            c.watchers[uid] = held + 1
            return true
        }
    }

    func releaseWatcher(_ uid: UInt32) {
        counts.withLock { c in
            let held = c.watchers[uid, default: 0] - 1
            c.watchers[uid] = held > 0 ? held : nil
        }
    }

    /// Connections open now, over every uid.
    public var connections: Int { counts.withLock { $0.connections.values.reduce(0, +) } }
}
