import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the daemon's socket and state live, as both the daemon and its clients resolve them.
public enum SocketPath {
    /// `$HEADSTART_SOCKET`, else `$XDG_RUNTIME_DIR/headstart/headstart.sock`, else
    /// `/run/headstart/headstart.sock` for root, else under the state directory.
    public static func resolve(_ explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit { return explicit }
        if let named = environment["HEADSTART_SOCKET"], !named.isEmpty { return named }
        if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty { return runtime + "/headstart/headstart.sock" }
        if geteuid() == 0 { return "/run/headstart/headstart.sock" }
        return stateDirectory(environment: environment) + "/headstart.sock"
    }

    /// `$XDG_STATE_HOME/headstart`, else `/var/lib/headstart` for root, else `~/.local/state/headstart`.
    public static func stateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty { return state + "/headstart" }
        if geteuid() == 0 { return "/var/lib/headstart" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/headstart"
    }

    /// What connecting to a socket path finds.
    public enum Probe: Sendable, Equatable {
        case answering
        /// Nothing at the path.
        case missing
        /// A socket nobody listens on (a daemon that died).
        case refused
        /// The caller may not connect (mode or group of the socket or its directory).
        case denied
        case failed(Int32)
    }

    /// Connects to `path` and says what it found.
    public static func probe(_ path: String) -> Probe {
        switch connectError(path) {
        case 0: return .answering
        case ENOENT, ENOTDIR: return .missing
        case ECONNREFUSED: return .refused
        case EACCES, EPERM: return .denied
        case let code: return .failed(code)
        }
    }

    /// Whether something accepts connections on the socket at `path`.
    public static func answers(_ path: String) -> Bool { connectError(path) == 0 }

    /// 0 if a connection to `path` succeeds, else the errno of the failure.
    static func connectError(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return ENAMETOOLONG }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        return result == 0 ? 0 : errno
    }
}
