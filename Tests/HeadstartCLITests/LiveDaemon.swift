import Foundation
import HeadstartAPI
import HeadstartServer
import Testing

/// A real `headstart serve` process on a temporary socket, for end-to-end tests.
final class LiveDaemon: Sendable {
    let folder: URL
    let socket: String
    let stateDirectory: String
    let process: Process
    let log: URL

    /// Starts the daemon; `extra` are more `serve` arguments. With `shell`, the daemon is started
    /// by `/bin/sh -c "SHELL exec headstart serve ..."` (to set `ulimit` first, say).
    init(folder: URL? = nil, socket: String? = nil, stateDirectory: String? = nil, extra: [String] = [], shell: String? = nil) throws {
        // Short paths: a Unix socket path must fit in 107 bytes.
        let base = folder ?? URL(fileURLWithPath: "/tmp/hs-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        self.folder = base
        self.socket = socket ?? base.appendingPathComponent("run/hs.sock").path
        self.stateDirectory = stateDirectory ?? base.appendingPathComponent("state").path
        self.log = base.appendingPathComponent("daemon-\(UUID().uuidString.prefix(4)).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        guard let binary = CLI.binary else { throw CLI.MissingBinary() }
        process = Process()
        let arguments = ["serve", "--socket", self.socket, "--state-dir", self.stateDirectory, "--log-level", "info"] + extra
        if let shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", shell + " exec \"$0\" \"$@\"", binary.path] + arguments
        } else {
            process.executableURL = binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = CLI.root
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (bounded) until the socket answers; false if the process exited first.
    func waitUntilReady(seconds: Double = 30) -> Bool {
        Self.poll(seconds: seconds) { [self] in
            !process.isRunning || SocketPath.answers(socket)
        } && process.isRunning
    }

    /// Sends `signal` and waits for the process to end; its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM) -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    var logText: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Runs the client against this daemon.
    func client(_ arguments: [String], stdin: String? = nil) throws -> CLI.Run {
        try CLI.run(arguments + ["--socket", socket], stdin: stdin)
    }

    /// `GET /healthz` through curl.
    func health() throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--unix-socket", socket, "http://localhost/healthz"]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// Polls `condition` every 20 ms until it holds or `seconds` pass. Used only to wait for
    /// another process; no test asserts how long anything takes.
    static func poll(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}
