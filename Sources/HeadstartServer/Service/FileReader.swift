import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the files the daemon is pointed at (the `--catalog` file) with the system's own reason
/// when it cannot: Foundation's errors describe a missing file as "NSCocoaErrorDomain Code=260".
public enum FileReader {
    /// A file's bytes, or the system's reason it cannot be read ("No such file or directory").
    public static func read(_ path: String) -> Result<Data, ReadFailure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadFailure(code: errno)) }
        defer { close(fd) }
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(code: errno))
            }
            if n == 0 { return .success(data) }
            data.append(contentsOf: chunk[..<n])
        }
    }

    /// Why a file could not be read.
    public struct ReadFailure: Error, Sendable, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }
    }
}
