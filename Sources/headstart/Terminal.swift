#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Unbuffered writes to the standard streams, so piped output arrives whole and in order.
enum Terminal {
    static func out(_ text: String) throws { try write(Array(text.utf8), to: STDOUT_FILENO) }
    static func out(_ data: Data) throws { try write(Array(data), to: STDOUT_FILENO) }
    static func err(_ text: String) { try? write(Array(text.utf8), to: STDERR_FILENO) }

    struct WriteFailed: Error {}

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
                throw WriteFailed()
            }
            offset += n
        }
    }

    /// Reads a file, or standard input for "-", stopping after `limit` + 1 bytes so that an
    /// oversized input costs no more memory than the limit (the YAML layer then refuses it).
    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        let handle = path == "-" ? FileHandle.standardInput : try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { if path != "-" { try? handle.close() } }
        var bytes: [UInt8] = []
        while bytes.count <= limit {
            guard let chunk = try handle.read(upToCount: min(1 << 20, limit + 1 - bytes.count)), !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        return bytes
    }

    /// Today in UTC.
    static func today() -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: Date())
    }
}
