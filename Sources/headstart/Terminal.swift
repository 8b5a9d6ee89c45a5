import Foundation
import HeadstartFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Unbuffered writes to the standard streams, so piped output arrives whole and in order. Text
/// for people goes through ``TerminalText`` on the way out: what a plan, a catalog or the daemon
/// said cannot act on the terminal. JSON goes out as it is (it escapes control characters itself).
enum Terminal {
    /// Text for people on standard output, control characters made visible.
    static func out(_ text: String) throws { try write(Array(TerminalText.visible(text, keepNewlines: true).utf8), to: STDOUT_FILENO) }
    /// Bytes as they are (JSON, HTML) on standard output.
    static func out(_ data: Data) throws { try write(Array(data), to: STDOUT_FILENO) }
    /// One message on standard error, control characters made visible.
    static func err(_ text: String) { try? write(Array(TerminalText.visible(text, keepNewlines: true).utf8), to: STDERR_FILENO) }
    /// Our own terminal control (the progress line's erase), on standard error as it is.
    static func errControl(_ text: String) { try? write(Array(text.utf8), to: STDERR_FILENO) }

    /// A write to a standard stream failed; `code` is the errno.
    struct WriteFailed: Error {
        var code: Int32
        var stream: String
    }

    /// A file could not be read; `code` is the errno.
    struct ReadFailed: Error {
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { raw in
                #if canImport(Glibc) || canImport(Musl)
                Glibc.write(fd, raw.baseAddress, raw.count)
                #else
                Darwin.write(fd, raw.baseAddress, raw.count)
                #endif
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw WriteFailed(code: errno, stream: fd == STDOUT_FILENO ? "standard output" : "standard error")
            }
            offset += n
        }
    }

    /// Reads a file, or standard input for "-", stopping after `limit` + 1 bytes so that an
    /// oversized input costs no more memory than the limit (the YAML layer then refuses it).
    /// Failures carry the system's reason ("No such file or directory", "Is a directory").
    static func read(_ path: String, limit: Int) throws(ReadFailed) -> [UInt8] {
        let fd = path == "-" ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadFailed(code: errno) }
        defer { if path != "-" { close(fd) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let n = chunk.withUnsafeMutableBytes { raw in Glibc.read(fd, raw.baseAddress, min(raw.count, limit + 1 - bytes.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadFailed(code: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[..<n])
        }
        return bytes
    }

}
