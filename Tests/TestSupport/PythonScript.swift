import Foundation

/// Runs a Python helper of the tests (an independent checker such as cronsim or jsonschema) with
/// `input` on its standard input.
public enum PythonScript {
    public struct Run: Sendable {
        public var status: Int32
        public var output: Data
        public var errors: String
    }

    public static func run(_ script: URL, input: Data) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Written from another thread: a large input would otherwise fill the pipe while the
        // script waits for us to read its output.
        // A checker that exits without reading (a missing module) closes the pipe: the write
        // then fails with EPIPE instead of killing the whole test process with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: output, errors: errors)
    }
}
