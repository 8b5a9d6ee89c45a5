import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The socket file this daemon bound, by device, inode and change time (a deleted socket's
/// inode number is often reused at once), so that at shutdown it removes its own socket and
/// never one another daemon has bound at the same path since.
struct SocketIdentity: Sendable, Equatable {
    let path: String
    let device: UInt64
    let inode: UInt64
    let changed: Int64
    let changedNanoseconds: Int64

    /// The file at `path` now; nil if there is none.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        self.path = path
        self.device = UInt64(info.st_dev)
        self.inode = UInt64(info.st_ino)
        self.changed = Int64(info.st_ctim.tv_sec)
        self.changedNanoseconds = Int64(info.st_ctim.tv_nsec)
    }

    enum Removal: Equatable {
        case removed
        /// Nothing is at the path any more.
        case gone
        /// Another file (another daemon's socket) is there now.
        case replaced
        case failed(String)
    }

    /// Removes the socket if the path still names it.
    func removeIfUnchanged() -> Removal {
        guard let now = SocketIdentity(path: path) else { return .gone }
        guard now == self else { return .replaced }
        guard unlink(path) == 0 || errno == ENOENT else { return .failed(String(cString: strerror(errno))) }
        return .removed
    }

    /// Set once the server listens; read at shutdown.
    final class Holder: Sendable {
        private let identity = Mutex<SocketIdentity?>(nil)
        /// The server listens with its socket in place; nil until then (or if it cannot be looked at).
        func set(_ value: SocketIdentity?) { identity.withLock { $0 = value } }
        var value: SocketIdentity? { identity.withLock { $0 } }
    }
}
