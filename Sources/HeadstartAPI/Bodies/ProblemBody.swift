/// An API error as RFC 9457 problem details (`application/problem+json`). Its `type` is the
/// stable contract: `urn:headstart:problem:CODE`.
public struct ProblemBody: Codable, Sendable, Equatable {
    public var type: String
    public var title: String
    public var status: Int
    public var detail: String
    public var instance: String
    /// Located errors of an invalid document; absent otherwise.
    public var errors: [DiagnosticBody]?

    public init(code: String, title: String, status: Int, detail: String, instance: String, errors: [DiagnosticBody]) {
        self.type = ProblemBody.urnPrefix + code
        self.title = title
        self.status = status
        self.detail = detail
        self.instance = instance
        self.errors = errors.isEmpty ? nil : errors
    }

    public static let urnPrefix = "urn:headstart:problem:"

    /// The code of `type`: `not-found` for `urn:headstart:problem:not-found`.
    public var code: String? {
        type.hasPrefix(Self.urnPrefix) ? String(type.dropFirst(Self.urnPrefix.count)) : nil
    }
}

/// A diagnostic as JSON: `file`, `line`, `column`, `severity`, `code`, `message`.
public struct DiagnosticBody: Codable, Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: Int
    public var severity: String
    public var code: String
    public var message: String

    public init(file: String, line: Int, column: Int, severity: String, code: String, message: String) {
        (self.file, self.line, self.column, self.severity, self.code, self.message) = (file, line, column, severity, code, message)
    }

    /// `FILE:LINE:COL: SEVERITY: MESSAGE`, as the CLI prints diagnostics.
    public var description: String { "\(file):\(line):\(column): \(severity): \(message)" }
}
