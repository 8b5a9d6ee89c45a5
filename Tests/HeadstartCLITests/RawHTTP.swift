import Foundation

/// A bare HTTP/1.1 client over a Unix socket, for tests that need control over the bytes and
/// the connection (slow clients, crashes mid-burst).
struct RawHTTP {
    let fd: Int32

    /// Connects; nil if the socket does not accept.
    init?(socket path: String) {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let ok = withUnsafePointer(to: &address) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard ok == 0 else {
            Glibc.close(fd)
            return nil
        }
        self.fd = fd
    }

    func send(_ data: Data) -> Bool {
        data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == data.count
    }

    /// Reads until the peer closes or `seconds` pass; what arrived.
    func receive(seconds: Double) -> Data {
        var out = Data()
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var poll = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&poll, 1, 50) > 0 else { continue }
            let n = Glibc.recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out.append(contentsOf: buffer[..<n])
        }
        return out
    }

    /// What has arrived already, without waiting.
    func pending() -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = Glibc.recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return n > 0 ? Data(buffer[..<n]) : Data()
    }

    func close() { Glibc.close(fd) }

    /// One request on this kept-alive connection; the status, or nil if the connection failed.
    func roundTrip(_ method: String, _ path: String, buffer: inout [UInt8]) -> Int? {
        guard send(Data("\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".utf8)) else { return nil }
        return roundTripResponse(buffer: &buffer)
    }

    /// Reads one whole response (head and Content-Length body); its status, nil if the connection failed.
    func roundTripResponse(buffer: inout [UInt8]) -> Int? {
        var received: [UInt8] = []
        var headerEnd: Int?
        var contentLength = 0
        while true {
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: received) {
                headerEnd = end + 4
                let head = String(decoding: received[..<end], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let headerEnd, received.count >= headerEnd + contentLength {
                let status = Int(String(decoding: received[9..<12], as: UTF8.self))
                return status
            }
            let n = Glibc.recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            received.append(contentsOf: buffer[..<n])
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    /// One request with `Connection: close`; the status code (nil if the connection broke) and body.
    static func request(_ socket: String, _ method: String, _ path: String, body: Data = Data()) -> (status: Int?, body: Data) {
        guard let connection = RawHTTP(socket: socket) else { return (nil, Data()) }
        defer { connection.close() }
        var request = Data("\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: \(body.count)\r\n\r\n".utf8)
        request.append(body)
        guard connection.send(request) else { return (nil, Data()) }
        let reply = connection.receive(seconds: 30)
        guard let text = String(data: reply.prefix(64), encoding: .utf8), text.hasPrefix("HTTP/1.1 "),
            let status = Int(text.dropFirst(9).prefix(3))
        else { return (nil, Data()) }
        let bodyStart = reply.range(of: Data("\r\n\r\n".utf8)).map { reply[$0.upperBound...] } ?? Data()
        return (status, Data(bodyStart))
    }
}
