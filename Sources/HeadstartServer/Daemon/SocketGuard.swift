import Foundation
import HeadstartAPI
import HeadstartStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes the socket path safe to bind: Hummingbird unlinks whatever is at the path, so this
/// refuses a live daemon's socket and anything that is not a socket, and removes only a stale
/// socket. The lock in the state directory keeps two daemons off one database.
public enum SocketGuard {
    /// The longest path `sockaddr_un` holds (108 bytes with the terminating NUL on Linux).
    public static let maxPathBytes = 107

    /// Creates `path` as a directory with `mode` if missing (parents 0755), and checks it is one.
    public static func makeDirectory(_ path: String, mode: mode_t) throws(DaemonError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DaemonError(.cannotCreate, "\(path) exists and is not a directory") }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, !FileManager.default.fileExists(atPath: parent) {
            try makeDirectory(parent, mode: 0o755)
        }
        guard mkdir(path, mode) == 0 || errno == EEXIST else {
            throw DaemonError(.cannotCreate, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        // mkdir's mode is filtered by the umask; the daemon's directories get exactly `mode`.
        _ = chmod(path, mode)
    }

    /// Takes an exclusive lock on `path` for the life of the process; the descriptor stays open.
    public static func lock(_ path: String) throws(DaemonError) -> Int32 {
        do {
            return try StateDirectoryLock.take(path)
        } catch {
            switch error {
            case .cannotOpen(let why): throw DaemonError(.cannotCreate, "cannot open the lock file \(path): \(why)")
            case .held: throw DaemonError(.alreadyRunning, "another headstart daemon is using the state directory (\(path) is locked)")
            }
        }
    }

    /// Where the server binds before the socket is renamed to `path`: `.NAME~` beside it, or
    /// `path` itself when that name would not fit a socket address.
    public static func privatePath(for path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let name = "." + (path as NSString).lastPathComponent + "~"
        let candidate = directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
        return candidate.utf8.count <= maxPathBytes ? candidate : path
    }

    /// Checks the socket path and clears a stale socket left by a daemon that died.
    public static func prepare(socketPath path: String) throws(DaemonError) {
        guard path.utf8.count <= maxPathBytes else {
            throw DaemonError(
                .badSocketPath,
                "the socket path is \(path.utf8.count) bytes, longer than the \(maxPathBytes) a Unix socket allows: \(path)"
            )
        }
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        guard attributes[.type] as? FileAttributeType == .typeSocket else {
            throw DaemonError(.badSocketPath, "\(path) exists and is not a socket; refusing to replace it")
        }
        if SocketPath.answers(path) {
            throw DaemonError(.alreadyRunning, "another headstart daemon is listening on \(path); it was left running")
        }
        guard unlink(path) == 0 || errno == ENOENT else {
            throw DaemonError(.cannotCreate, "cannot remove the stale socket \(path): \(String(cString: strerror(errno)))")
        }
    }
}
