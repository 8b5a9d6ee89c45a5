#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Replaces a file whole: a reader sees the old bytes or the new ones, and after a crash the
/// new ones are on disk (write a temporary file beside it, fsync, rename, fsync the folder).
/// The daemon's export files and the command line's `-o` files are written this way.
public enum AtomicFile {
    /// Why a file could not be replaced.
    public struct Failure: Error, CustomStringConvertible {
        public enum Stage: Sendable { case create, write }
        /// `create`: the file could not be made (a missing folder, no permission); `write`: writing failed (a full disk).
        public var stage: Stage
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { throw Failure(stage: .create, code: EISDIR) }
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let temporary = directory + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw Failure(stage: .create, code: errno) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw Failure(stage: .write, code: failure)
        }
        // The rename itself is durable once the folder is synced.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }
}
