import NIOCore
import Synchronization

/// Recommendation documents ready to send, so a read answers from memory instead of from the
/// store. Bounded in bytes; emptied by every store write, which is simpler than tracking which
/// plans a write touched and costs little because reads far outnumber writes.
final class DocumentCache: Sendable {
    struct Key: Hashable {
        var plan: String
        var explained: Bool
    }

    struct Entry {
        /// Who may read it: checked on every hit, as the store read would.
        var ownerUID: UInt32?
        var ownerHost: String?
        var body: ByteBuffer
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var bytes = 0
        /// Bumped by every invalidation: a reader that read the store before a write committed
        /// must not put what it read in after the write emptied the cache.
        var generation = 0
    }

    private let state = Mutex(State())
    /// Most bytes of documents held.
    let budget: Int

    init(budget: Int) {
        self.budget = budget
    }

    func entry(_ key: Key) -> Entry? {
        state.withLock { $0.entries[key] }
    }

    /// The generation to pass to ``insert(_:_:generation:)`` for what is read from now on.
    var generation: Int {
        state.withLock { $0.generation }
    }

    /// Keeps `entry` unless the cache was invalidated since `generation` was read. When full,
    /// drops entries in the dictionary's order, which is as good as random.
    func insert(_ key: Key, _ entry: Entry, generation: Int) {
        let size = entry.body.readableBytes
        guard size <= budget else { return }
        state.withLock { s in
            guard s.generation == generation else { return }
            if let old = s.entries.removeValue(forKey: key) { s.bytes -= old.body.readableBytes }
            while s.bytes + size > budget, let victim = s.entries.first {
                s.entries.removeValue(forKey: victim.key)
                s.bytes -= victim.value.body.readableBytes
            }
            s.entries[key] = entry
            s.bytes += size
        }
    }

    /// Forgets everything: called after every store write, committed or not.
    func invalidateAll() {
        state.withLock { s in
            s.entries.removeAll()
            s.bytes = 0
            s.generation &+= 1
        }
    }
}
