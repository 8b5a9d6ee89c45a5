#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who may do what, from the caller's uid and gid as the socket reports them.
///
/// A plan belongs to the uid that first submitted it. Its owner, root, the daemon's own uid and
/// the members of the admin group may read, replace, delete or what-if it; to anyone else it
/// does not exist. Everyone may read the catalog; only administrators may replace it.
public struct AccessPolicy: Sendable {
    /// The daemon's own uid.
    public var daemonUID: UInt32
    /// Members of this group administer the daemon.
    public var adminGID: UInt32?

    public init(daemonUID: UInt32 = getuid(), adminGID: UInt32? = nil) {
        self.daemonUID = daemonUID
        self.adminGID = adminGID
    }

    /// Root, the daemon's uid, or a member of the admin group (primary or supplementary).
    /// A caller whose credentials are unknown is nobody.
    public func isAdmin(_ peer: PeerCredentials?) -> Bool {
        guard let peer else { return false }
        if peer.uid == 0 || peer.uid == daemonUID { return true }
        guard let admin = adminGID else { return false }
        return peer.gid == admin || Self.groups(of: peer.uid, primary: peer.gid).contains(admin)
    }

    /// Whether `peer` may see a plan owned by `owner` (nil: an owner the store does not know).
    public func mayRead(owner: UInt32?, _ peer: PeerCredentials?) -> Bool {
        if isAdmin(peer) { return true }
        guard let peer, let owner else { return false }
        return owner == peer.uid
    }

    /// The uid's groups from the group database, as `id -G` lists them.
    static func groups(of uid: UInt32, primary: UInt32) -> [UInt32] {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return [primary] }
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
    public func mayRead(owner: UInt32?, _ caller: Caller) -> Bool {
        switch caller {
        case .daemon: return true
        case .peer(let peer): return mayRead(owner: owner, peer)
        }
    }

    public func isAdmin(_ caller: Caller) -> Bool {
        switch caller {
        case .daemon: return true
        case .peer(let peer): return isAdmin(peer)
        }
    }
}
