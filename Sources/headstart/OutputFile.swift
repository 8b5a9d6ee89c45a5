import Foundation
import HeadstartFormats

/// Writes a file the user named, whole or not at all: a path that cannot be created (a
/// directory, a missing folder, no permission) exits 73, a write that fails midway (a full
/// disk) exits 74; each with the system's reason on one line.
enum OutputFile {
    static func write(_ data: Data, to path: String, what: String) throws {
        // A device or a pipe (-o /dev/stdout, a FIFO) is written through: replacing it by a
        // renamed file would break it (as root, /dev/null itself).
        var info = stat()
        if stat(path, &info) == 0, [S_IFCHR, S_IFIFO, S_IFSOCK].contains(info.st_mode & S_IFMT) {
            guard let handle = FileHandle(forWritingAtPath: path) else {
                Terminal.err("\(path): error: cannot write \(what): \(String(cString: strerror(errno)))\n")
                throw ExitStatus.cannotCreate
            }
            do {
                try handle.write(contentsOf: data)
                try handle.close()
            } catch {
                Terminal.err("\(path): error: cannot write \(what): \(error.localizedDescription)\n")
                throw ExitStatus.ioError
            }
            return
        }
        do {
            try AtomicFile.write(Array(data), to: path)
        } catch {
            Terminal.err("\(path): error: cannot write \(what): \(error.description)\n")
            throw error.stage == .create ? ExitStatus.cannotCreate : ExitStatus.ioError
        }
    }
}
