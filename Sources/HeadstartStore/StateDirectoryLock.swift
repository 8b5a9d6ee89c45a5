#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The lock a daemon holds on `headstart.lock` in its state directory while it uses the store
/// there: a second daemon, or a copy of the store that would miss the daemon's later writes,
/// finds it held.
public enum StateDirectoryLock {
    public enum Failure: Error, Sendable {
        /// The lock file could not be opened: why, as `strerror` says it.
        case cannotOpen(String)
        /// Another process holds it.
        case held
    }

    /// Takes the lock for the life of the process, without waiting; the descriptor stays open.
    public static func take(_ path: String) throws(Failure) -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotOpen(String(cString: strerror(errno))) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw .held
        }
        return fd
    }
}
