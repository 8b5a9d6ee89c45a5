// swift-format-ignore-file: OrderedImports
// Glibc before the other imports: in the module's first file, imported after them, its `stat`
// is taken as Dispatch's in every other file, which MemberImportVisibility then refuses.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import HeadstartStore
import Synchronization

/// Who may do what, from the caller's uid and gid as the socket reports them.
///
/// A plan belongs to the uid that first submitted it, and with a store shared between hosts to
/// that uid on the host it was submitted on (uids are per host). Its owner, root, the daemon's
/// own uid and the members of the admin group (on any host) may read, replace, delete or
/// what-if it; to anyone else it does not exist. Everyone may read the catalog; only
/// administrators may replace it.
public struct AccessPolicy: Sendable {
    /// The daemon's own uid.
    public var daemonUID: UInt32
    /// Members of this group administer the daemon.
    public var adminGID: UInt32?
    /// This daemon's host, with a store shared between hosts; nil with a store of its own,
    /// where every plan is this host's.
    public var hostName: String?

    public init(daemonUID: UInt32 = getuid(), adminGID: UInt32? = nil, hostName: String? = nil) {
        self.daemonUID = daemonUID
        self.adminGID = adminGID
        self.hostName = hostName
    }

    /// Root, the daemon's uid, or a member of the admin group (primary or supplementary).
    /// A caller whose credentials are unknown is nobody. The groups resolved when the connection
    /// was accepted are used; only a caller without them is looked up here.
    public func isAdmin(_ peer: PeerCredentials?) -> Bool {
        guard let peer else { return false }
        if peer.uid == 0 || peer.uid == daemonUID { return true }
        guard let admin = adminGID else { return false }
        return peer.gid == admin || (peer.groups ?? groups(of: peer.uid, primary: peer.gid)).contains(admin)
    }

    /// Whether `peer` may see a plan owned by uid `owner` of `host` (nil: an owner the store
    /// does not know). With a shared store the uid must be on this daemon's host.
    public func mayRead(owner: UInt32?, host: String?, _ peer: PeerCredentials?) -> Bool {
        if isAdmin(peer) { return true }
        guard let peer, let owner, owner == peer.uid else { return false }
        return hostName == nil || host == hostName
    }

    /// `peer` with its groups resolved, when this policy has an admin group to check them against.
    public func resolvingGroups(_ peer: PeerCredentials) -> PeerCredentials {
        guard adminGID != nil, peer.groups == nil, peer.uid != 0, peer.uid != daemonUID else { return peer }
        var resolved = peer
        resolved.groups = groups(of: peer.uid, primary: peer.gid)
        return resolved
    }

    /// How many times this policy asked the group database, so tests can tell per-connection from per-check.
    let groupLookups = LookupCounter()

    final class LookupCounter: Sendable {
        private let value = Atomic<Int>(0)
        func increment() { value.add(1, ordering: .relaxed) }
        var count: Int { value.load(ordering: .relaxed) }
    }

    /// The uid's groups from the group database, as `id -G` lists them. `getpwuid_r`, not
    /// `getpwuid`: requests run on several threads at once.
    func groups(of uid: UInt32, primary: UInt32) -> [UInt32] {
        groupLookups.increment()
        var size = 4096
        while size <= 1 << 20 {
            var buffer = [CChar](repeating: 0, count: size)
            var entry = passwd()
            var result: UnsafeMutablePointer<passwd>?
            let outcome: (code: Int32, groups: [UInt32]?) = buffer.withUnsafeMutableBufferPointer { b in
                guard let base = b.baseAddress else { return (EINVAL, nil) }
                let code = getpwuid_r(uid, &entry, base, b.count, &result)
                guard code == 0, result != nil, let name = entry.pw_name else { return (code, nil) }
                return (0, Self.memberships(name, primary))
            }
            if outcome.code == ERANGE {
                size *= 4
                continue
            }
            return outcome.groups ?? [primary]
        }
        return [primary]
    }

    /// `getgrouplist` for a user name, growing the list when the user has many groups.
    private static func memberships(_ name: UnsafePointer<CChar>, _ primary: UInt32) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, primary, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, primary, &groups, &count) >= 0 else { return [primary] }
        }
        return Array(groups.prefix(Int(count)))
    }

    /// The gid of a group name, or of a number given as text.
    public static func gid(of group: String) -> UInt32? {
        if let number = UInt32(group) { return number }
        return getgrnam(group).map { $0.pointee.gr_gid }
    }
}

/// On whose behalf the service acts: the daemon itself (its scheduler, its plans folder) or a
/// caller on the socket.
public enum Caller: Sendable {
    case daemon
    case peer(PeerCredentials?)

    /// The uid recorded as submitter or owner.
    public var uid: UInt32? {
        switch self {
        case .daemon: return getuid()
        case .peer(let peer): return peer?.uid
        }
    }
}

extension AccessPolicy {
    public func mayRead(owner: UInt32?, host: String?, _ caller: Caller) -> Bool {
        switch caller {
        case .daemon: return true
        case .peer(let peer): return mayRead(owner: owner, host: host, peer)
        }
    }

    /// Whether `caller` may see `plan`.
    public func mayRead(_ plan: PlanRecord, _ caller: Caller) -> Bool {
        mayRead(owner: plan.ownerUID, host: plan.ownerHost, caller)
    }

    public func isAdmin(_ caller: Caller) -> Bool {
        switch caller {
        case .daemon: return true
        case .peer(let peer): return isAdmin(peer)
        }
    }
}
