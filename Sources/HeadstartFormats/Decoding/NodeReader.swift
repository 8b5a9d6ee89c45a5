import HeadstartEngine
import HeadstartYAML

/// Typed access to a YAML node tree that records a located diagnostic for every problem and
/// carries on, so one run reports every error in a file.
final class NodeReader {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Runs `body` with a fresh reader: its value if it recorded no error, else every diagnostic.
    static func decode<T>(file: String, _ body: (NodeReader) -> T?) throws(DocumentError) -> T {
        let reader = NodeReader(file: file)
        if let value = body(reader), !reader.hasErrors { return value }
        throw DocumentError(reader.diagnostics)
    }

    func error(_ code: DiagnosticCode, _ message: String, at mark: YAMLMark) {
        diagnostics.append(Diagnostic(file: file, line: mark.line, column: mark.column, code: code, message: message))
    }

    func record(_ error: YAMLError) {
        diagnostics.append(Diagnostic(file: file, yaml: error))
    }

    /// A mapping's values by key, in document order. Reports a non-mapping, non-string keys,
    /// duplicate keys, keys outside `allowed` (with a suggestion) and missing `required` keys.
    func mapping(_ node: YAMLNode, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let pairs = node.mappingPairs else {
            error(DiagnosticCode.wrongType, "\(what) must be a mapping, found \(node.kindName)", at: node.mark)
            return nil
        }
        var fields = Fields(node: node)
        for (key, value) in pairs {
            guard let name = key.scalarText else {
                error(DiagnosticCode.wrongType, "keys of \(what) must be plain names, found \(key.kindName)", at: key.mark)
                continue
            }
            if let earlier = fields.mark(of: name) {
                error(DiagnosticCode.duplicateKey, "duplicate key '\(name)' in \(what) (first at line \(earlier.line))", at: key.mark)
                continue
            }
            guard allowed.contains(name) else {
                error(
                    DiagnosticCode.unknownKey,
                    "unknown key '\(TerminalText.visible(name))' in \(what)\(Suggestion.hint(for: name, in: allowed))",
                    at: key.mark
                )
                continue
            }
            fields.entries.append((name, key.mark, value))
        }
        for name in required where fields[name] == nil {
            error(DiagnosticCode.missingKey, "\(what) is missing required key '\(name)'", at: node.mark)
        }
        return fields
    }

    /// Entries of a mapping whose keys are names chosen by the user (clouds, regions, capabilities).
    func namedEntries(_ node: YAMLNode, _ what: String) -> [(name: String, mark: YAMLMark, value: YAMLNode)] {
        guard let pairs = node.mappingPairs else {
            error(DiagnosticCode.wrongType, "\(what) must be a mapping, found \(node.kindName)", at: node.mark)
            return []
        }
        var seen: [String: YAMLMark] = [:]
        var out: [(String, YAMLMark, YAMLNode)] = []
        for (key, value) in pairs {
            guard let name = key.scalarText, !name.isEmpty else {
                error(DiagnosticCode.wrongType, "keys of \(what) must be non-empty names", at: key.mark)
                continue
            }
            guard oneLine(name, "a name in \(what)", at: key.mark) != nil else { continue }
            if let earlier = seen[name] {
                error(DiagnosticCode.duplicateKey, "duplicate key '\(name)' in \(what) (first at line \(earlier.line))", at: key.mark)
                continue
            }
            seen[name] = key.mark
            out.append((name, key.mark, value))
        }
        return out
    }

    /// A scalar's text, whatever its type (for free-text fields such as a version).
    func text(_ node: YAMLNode, _ what: String) -> String? {
        guard let text = node.scalarText else {
            error(DiagnosticCode.wrongType, "\(what) must be a scalar, found \(node.kindName)", at: node.mark)
            return nil
        }
        return oneLine(text, what, at: node.mark)
    }

    /// Every text field is one line: control characters (a line feed, ESC, BEL...) are refused,
    /// so nothing a document says can act on the terminal that shows it.
    func oneLine(_ text: String, _ what: String, at mark: YAMLMark) -> String? {
        guard TerminalText.hasControlCharacters(text) else { return text }
        error(DiagnosticCode.badValue, "\(what) must be one line of text without control characters, found '\(TerminalText.visible(text))'", at: mark)
        return nil
    }

    /// A string; numbers, booleans and null are refused so that a typo does not pass as a name.
    func string(_ node: YAMLNode, _ what: String, nonEmpty: Bool = true) -> String? {
        guard case .string(let s)? = node.resolvedScalar else {
            error(DiagnosticCode.wrongType, "\(what) must be a string, found \(node.kindName)", at: node.mark)
            return nil
        }
        if nonEmpty, s.isEmpty {
            error(DiagnosticCode.badValue, "\(what) must not be empty", at: node.mark)
            return nil
        }
        return oneLine(s, what, at: node.mark)
    }

    func bool(_ node: YAMLNode, _ what: String) -> Bool? {
        guard case .bool(let b)? = node.resolvedScalar else {
            error(DiagnosticCode.wrongType, "\(what) must be true or false, found \(node.kindName)", at: node.mark)
            return nil
        }
        return b
    }

    func int(_ node: YAMLNode, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .int(let i)? = node.resolvedScalar else {
            error(DiagnosticCode.wrongType, "\(what) must be a whole number, found \(node.kindName)", at: node.mark)
            return nil
        }
        guard range.contains(i) else {
            error(DiagnosticCode.badValue, "\(what) must be between \(range.lowerBound) and \(range.upperBound), found \(i)", at: node.mark)
            return nil
        }
        return i
    }

    /// A `YYYY-MM-DD` day.
    func day(_ node: YAMLNode, _ what: String) -> Day? {
        guard let text = node.scalarText, case .string? = node.resolvedScalar else {
            error(DiagnosticCode.badDate, "\(what) must be a date YYYY-MM-DD, found \(node.kindName)", at: node.mark)
            return nil
        }
        guard let day = Day(iso: text) else {
            error(DiagnosticCode.badDate, "\(what) '\(text)' is not a valid date YYYY-MM-DD", at: node.mark)
            return nil
        }
        return day
    }

    /// One of an enumeration's raw values.
    func choice<E: RawRepresentable & CaseIterable>(_ node: YAMLNode, _ what: String, as: E.Type) -> E? where E.RawValue == String {
        guard let s = string(node, what) else { return nil }
        guard let value = E(rawValue: s) else {
            let names = E.allCases.map(\.rawValue)
            error(
                DiagnosticCode.badValue,
                "\(what) must be one of \(names.joined(separator: ", ")), found '\(s)'\(Suggestion.hint(for: s, in: names))",
                at: node.mark
            )
            return nil
        }
        return value
    }

    /// A sequence of strings, each with its mark; duplicates reported.
    func stringList(_ node: YAMLNode, _ what: String, nonEmpty: Bool = false) -> [(value: String, mark: YAMLMark)]? {
        guard let items = node.sequenceItems else {
            error(DiagnosticCode.wrongType, "\(what) must be a list, found \(node.kindName)", at: node.mark)
            return nil
        }
        if nonEmpty, items.isEmpty {
            error(DiagnosticCode.badValue, "\(what) must not be empty", at: node.mark)
            return nil
        }
        var out: [(String, YAMLMark)] = []
        out.reserveCapacity(items.count)
        // Lists are short (a workload's needs, a few clouds): a linear check beats hashing.
        var seen = items.count > 16 ? Set<String>() : nil
        for item in items {
            guard let s = string(item, "each entry of \(what)") else { continue }
            let duplicate = seen == nil ? out.contains { $0.0 == s } : seen?.insert(s).inserted == false
            guard !duplicate else {
                error(DiagnosticCode.duplicateName, "'\(s)' appears twice in \(what)", at: item.mark)
                continue
            }
            out.append((s, item.mark))
        }
        return out
    }
}

/// The checked keys of one mapping, in document order. Mappings here have a handful of keys,
/// so a linear search beats building dictionaries for each of thousands of workloads.
struct Fields {
    let node: YAMLNode
    var entries: [(name: String, mark: YAMLMark, value: YAMLNode)] = []

    init(node: YAMLNode) { self.node = node }

    subscript(_ key: String) -> YAMLNode? { entries.first { $0.name == key }?.value }

    func mark(of key: String) -> YAMLMark? { entries.first { $0.name == key }?.mark }
}

extension NodeReader {
    /// Parses `bytes` as a single YAML document; records and returns nil on failure or emptiness.
    func document(_ bytes: [UInt8], limits: YAMLLimits, what: String) -> YAMLNode? {
        let root: YAMLNode?
        do {
            root = try YAMLComposer(limits: limits).singleDocument(bytes)
        } catch {
            record(error)
            return nil
        }
        guard let root, !(root.scalarText.map { $0.isEmpty } ?? false) else {
            error(DiagnosticCode.emptyDocument, "the file is empty: expected a \(what)", at: YAMLMark(line: 1, column: 1))
            return nil
        }
        return root
    }

    /// Whether the document declares the expected `kind`. A document of another kind (a
    /// catalog given as a plan) gets that one error rather than one per key it does not share.
    func hasKind(_ root: YAMLNode, _ kind: String) -> Bool {
        guard let value = root.value(forKey: "kind"), case .string(let found)? = value.resolvedScalar, found != kind else { return true }
        let hint = kind == "WorkloadPlan" && found == "Catalog" ? " (a catalog is given with --catalog)" : ""
        error(DiagnosticCode.wrongKind, "kind must be \(kind), found '\(TerminalText.visible(found))'\(hint)", at: value.mark)
        return false
    }

    /// Checks `apiVersion` and the type of `kind` (its value is checked by ``hasKind(_:_:)``).
    func header(_ fields: Fields, kind: String) {
        if let node = fields["apiVersion"], let v = string(node, "apiVersion"), v != "headstart/v1" {
            error(DiagnosticCode.badValue, "apiVersion must be headstart/v1, found '\(v)'", at: node.mark)
        }
        if let node = fields["kind"] { _ = string(node, "kind") }
    }
}
