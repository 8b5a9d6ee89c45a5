#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Writes a file the user named, whole or not at all: a path that cannot be created (a
/// directory, a missing folder, no permission) exits 73, a write that fails midway (a full
/// disk) exits 74; each with the system's reason on one line.
enum OutputFile {
    static func write(_ data: Data, to path: String, what: String) throws {
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            Terminal.err("\(path): error: cannot write \(what): \(String(cString: strerror(EISDIR)))\n")
            throw ExitStatus.cannotCreate
        }
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            Terminal.err("\(path): error: cannot write \(what): \(String(cString: strerror(errno)))\n")
            throw ExitStatus.cannotCreate
        }
        var failure: Int32 = 0
        data.withUnsafeBytes { raw in
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
            Terminal.err("\(path): error: cannot write \(what): \(String(cString: strerror(failure)))\n")
            throw ExitStatus.ioError
        }
    }
}
