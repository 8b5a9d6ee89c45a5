import NIOCore
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who is on the other end of a Unix socket connection, as the kernel reports it (SO_PEERCRED),
/// never as the client claims.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// The uid's groups from the group database, resolved once when the connection is accepted;
    /// nil when not resolved (no admin group is configured, or a test names the caller).
    public var groups: [UInt32]?

    public init(pid: Int32, uid: UInt32, gid: UInt32, groups: [UInt32]? = nil) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// Layout of Linux's `struct ucred`, which Glibc's Swift module leaves out.
    struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    /// SOL_SOCKET / SO_PEERCRED on Linux.
    static let level = SocketOptionLevel(1)
    static let name = SocketOptionName(17)

    /// Credentials of open connections. The kernel fixes them at connect, so one read per
    /// connection is enough; reading them per request cost a hop to the event loop each time.
    private static let known = Mutex<[ObjectIdentifier: PeerCredentials]>([:])

    /// The credentials of the peer of `channel`, nil when the channel is no Unix socket.
    public static func of(_ channel: (any Channel)?) async -> PeerCredentials? {
        guard let channel else { return nil }
        if let peer = known.withLock({ $0[ObjectIdentifier(channel)] }) { return peer }
        guard let provider = channel as? any SocketOptionProvider,
            let cred: UCred = try? await provider.unsafeGetSocketOption(level: level, name: name).get()
        else { return nil }
        let peer = PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
        remember(peer, for: channel)
        return peer
    }

    /// Reads the peer's credentials on the channel's event loop, as a connection is accepted.
    static func read(_ channel: any Channel) -> EventLoopFuture<PeerCredentials?> {
        guard let provider = channel as? any SocketOptionProvider else { return channel.eventLoop.makeSucceededFuture(nil) }
        let read: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(level: level, name: name)
        return read.map { PeerCredentials(pid: $0.pid, uid: $0.uid, gid: $0.gid) }.recover { _ in nil }
    }

    /// Keeps `peer` for the life of `channel`, so requests on it need no lookup.
    static func remember(_ peer: PeerCredentials, for channel: any Channel) {
        let key = ObjectIdentifier(channel)
        if known.withLock({ $0.updateValue(peer, forKey: key) }) == nil {
            // Forgotten at close, while the channel is still alive, so no later channel at the
            // same address can find them. Runs at once if the channel has closed already.
            channel.closeFuture.whenComplete { _ in _ = known.withLock { $0.removeValue(forKey: key) } }
        }
    }
}
