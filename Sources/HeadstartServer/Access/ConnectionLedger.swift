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

    /// A slot `admit` counted, given back once by whichever of its ends comes first: the stream
    /// that used it ending, or its connection closing (before the stream even began, say).
    final class Admission: Sendable {
        private let ledger: ConnectionLedger
        private let slot: Slot
        private let uid: UInt32
        private let held = Mutex(true)

        init(_ ledger: ConnectionLedger, _ slot: Slot, _ uid: UInt32) {
            self.ledger = ledger
            self.slot = slot
            self.uid = uid
        }

        func release() {
            guard
                held.withLock({ h in
                    defer { h = false }
                    return h
                })
            else { return }
            ledger.release(slot, uid)
        }
    }

    /// Watchers held now, over every uid.
    var watchers: Int { held.withLock { $0[.watcher, default: [:]].values.reduce(0, +) } }

    /// Connections open now, over every uid.
    public var connections: Int { held.withLock { $0[.connection, default: [:]].values.reduce(0, +) } }
}
