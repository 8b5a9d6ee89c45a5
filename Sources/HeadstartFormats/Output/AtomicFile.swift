import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file whole: a reader sees the old bytes or the new ones, and after a crash the
/// new ones are on disk (write a temporary file beside it, fsync, rename, fsync the folder).
/// The daemon's export files and the command line's `-o` files are written this way.
///
/// The folder may be writable by others (one shared with a LiteLLM deployment), so nothing in
/// it is trusted: the temporary file has an unpredictable name and is created only if no file
/// or link has that name (`O_CREAT | O_EXCL | O_NOFOLLOW`, relative to the folder's descriptor),
/// and the rename replaces a link at the final name instead of following it.
public enum AtomicFile {
    /// Why a file could not be replaced.
    public struct Failure: Error, CustomStringConvertible {
        public enum Stage: Sendable { case create, write }
        /// `create`: the file could not be made (a missing folder, no permission); `write`: writing failed (a full disk).
        public var stage: Stage
        public var code: Int32
        /// Set when the name is taken by something that is not a file.
        public var notAFile = false
        public var description: String {
            notAFile ? "it is not a regular file (a device, a pipe or a socket), which a rename would replace" : String(cString: strerror(code))
        }
    }

    public static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        try write(bytes, to: path, temporaryNames: RandomNames(base: (path as NSString).lastPathComponent))
    }

    /// How many taken temporary names are skipped before giving up.
    static let attempts = 64

    /// `write(_:to:)` with the temporary names tried in turn (random in use; a test plants links under them).
    static func write(_ bytes: [UInt8], to path: String, temporaryNames: some Sequence<String>) throws(Failure) {
        let name = (path as NSString).lastPathComponent
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        // The folder is opened once: every name below is resolved in it, whatever is renamed meanwhile.
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { throw Failure(stage: .create, code: errno) }
        defer { close(folder) }
        var info = stat()
        if fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw Failure(stage: .create, code: EISDIR) }
            // A device or a pipe at the name (/dev/null, as root) would be replaced by a file.
            if type != S_IFREG, type != S_IFLNK { throw Failure(stage: .create, code: EINVAL, notAFile: true) }
        }
        var temporary: String?
        var fd: Int32 = -1
        for candidate in temporaryNames.prefix(attempts) {
            fd = openat(folder, candidate, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd >= 0 {
                temporary = candidate
                break
            }
            // Taken (a file or a planted link): try another name; anything else is final.
            guard errno == EEXIST || errno == ELOOP else { throw Failure(stage: .create, code: errno) }
        }
        guard let temporary, fd >= 0 else { throw Failure(stage: .create, code: EEXIST) }
        var failure = writeAll(bytes, to: fd)
        if failure == 0, fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0, renameat(folder, temporary, folder, name) != 0 { failure = errno }
        guard failure == 0 else {
            unlinkat(folder, temporary, 0)
            throw Failure(stage: .write, code: failure)
        }
        // The rename itself is durable once the folder is synced.
        _ = fsync(folder)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32) -> Int32 {
        bytes.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return 0 }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return 0
        }
    }

    /// `.NAME.XXXXXXXXXXXX.tmp` with twelve random letters and digits, endlessly.
    struct RandomNames: Sequence, IteratorProtocol {
        let base: String
        private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

        init(base: String) { self.base = base }

        mutating func next() -> String? {
            var generator = SystemRandomNumberGenerator()
            let suffix = String((0..<12).map { _ in Self.alphabet.randomElement(using: &generator) ?? "x" })
            return ".\(base).\(suffix).tmp"
        }
    }
}
