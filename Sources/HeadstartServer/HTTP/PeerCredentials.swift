import NIOCore

/// Who is on the other end of a Unix socket connection, as the kernel reports it (SO_PEERCRED),
/// never as the client claims.
public struct PeerCredentials: Sendable, Hashable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
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

    /// The credentials of the peer of `channel`, nil when the channel is no Unix socket.
    public static func of(_ channel: (any Channel)?) async -> PeerCredentials? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        guard let cred: UCred = try? await provider.unsafeGetSocketOption(level: level, name: name).get() else { return nil }
        return PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
    }
}
