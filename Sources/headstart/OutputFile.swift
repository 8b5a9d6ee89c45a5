import Foundation
import HeadstartServer

/// Writes a file the user named, whole or not at all: a path that cannot be created (a
/// directory, a missing folder, no permission) exits 73, a write that fails midway (a full
/// disk) exits 74; each with the system's reason on one line.
enum OutputFile {
    static func write(_ data: Data, to path: String, what: String) throws {
        do {
            try AtomicFile.write(Array(data), to: path)
        } catch {
            Terminal.err("\(path): error: cannot write \(what): \(error.description)\n")
            throw error.stage == .create ? ExitStatus.cannotCreate : ExitStatus.ioError
        }
    }
}
