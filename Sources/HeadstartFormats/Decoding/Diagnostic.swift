import HeadstartYAML

/// One problem found in an input file, located like a compiler's.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    /// The file as the user named it.
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String

    public init(file: String, line: Int, column: Int, severity: Severity = .error, code: DiagnosticCode, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.code = code
        self.message = message
    }

    /// `FILE:LINE:COL: error: MESSAGE`.
    public var description: String { "\(file):\(line):\(column): \(severity.rawValue): \(message)" }
}

/// A file that could not be decoded, with every problem found in it.
public struct DocumentError: Error, Sendable, CustomStringConvertible {
    /// In file order.
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
    }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

extension Diagnostic {
    /// The diagnostic for a YAML layer error.
    init(file: String, yaml error: YAMLError) {
        let mark = error.mark ?? YAMLMark(line: 1, column: 1)
        self.init(file: file, line: mark.line, column: mark.column, code: DiagnosticCode(error.code), message: "YAML: \(error.message)")
    }
}
