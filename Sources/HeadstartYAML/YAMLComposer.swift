import CLibYAML

/// Composes libyaml's event stream into ``YAMLNode`` trees, one per document.
///
/// The tree is built with an explicit stack, never by recursion, so no input can overflow the
/// call stack; depth, node, alias and scalar limits are checked as each event arrives, so a
/// hostile input stops libyaml early instead of after it has done all its work.
public struct YAMLComposer: Sendable {
    /// The bounds applied to every input.
    public var limits: YAMLLimits
    /// Which tags are accepted.
    public var tagPolicy: YAMLTagPolicy

    public init(limits: YAMLLimits = .default, tagPolicy: YAMLTagPolicy = .coreOnly) {
        self.limits = limits
        self.tagPolicy = tagPolicy
    }

    /// Every document of the stream, in order; an empty stream has none.
    public func documents(_ bytes: [UInt8]) throws(YAMLError) -> [YAMLNode] {
        guard bytes.count <= limits.maxInputBytes else {
            throw YAMLError(.inputTooLarge, "input is larger than the limit of \(limits.maxInputBytes) bytes", at: nil)
        }
        var run = ComposerRun(limits: limits, tagPolicy: tagPolicy)
        return try run.compose(bytes)
    }

    /// The stream's single document, or nil when the stream holds none.
    /// A second document is an error at its start.
    public func singleDocument(_ bytes: [UInt8]) throws(YAMLError) -> YAMLNode? {
        let all = try documents(bytes)
        if all.count > 1 {
            throw YAMLError(.multipleDocuments, "expected one YAML document, found \(all.count)", at: all[1].mark)
        }
        return all.first
    }

    /// The stream's single document, from text.
    public func singleDocument(_ text: String) throws(YAMLError) -> YAMLNode? {
        try singleDocument(Array(text.utf8))
    }
}

/// The mutable state of one composition.
private struct ComposerRun {
    let limits: YAMLLimits
    let tagPolicy: YAMLTagPolicy

    private struct Frame {
        var isMapping: Bool
        var tag: String?
        var anchor: String?
        var mark: YAMLMark
        var items: [YAMLNode] = []
        var size = 1
    }

    private var stack: [Frame] = []
    private var anchors: [String: YAMLNode] = [:]
    private var documents: [YAMLNode] = []
    private var root: YAMLNode?
    private var nodeCount = 0
    private var aliasCount = 0

    init(limits: YAMLLimits, tagPolicy: YAMLTagPolicy) {
        self.limits = limits
        self.tagPolicy = tagPolicy
    }

    mutating func compose(_ bytes: [UInt8]) throws(YAMLError) -> [YAMLNode] {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(.syntax, "libyaml could not initialise a parser", at: nil)
        }
        defer { yaml_parser_delete(&parser) }
        let result: Result<[YAMLNode], YAMLError> = bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    return .failure(Self.parserError(&parser))
                }
                defer { yaml_event_delete(&event) }
                do throws(YAMLError) {
                    if try handle(&event) { return .success(documents) }
                } catch {
                    return .failure(error)
                }
            }
        }
        return try result.get()
    }

    private static func parserError(_ parser: inout yaml_parser_t) -> YAMLError {
        var problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        // libyaml's words for a tab where indentation goes do not say "tab".
        if parser.error == YAML_SCANNER_ERROR, let start = parser.input.string.start,
            parser.problem_mark.index < start.distance(to: parser.input.string.end), start[Int(parser.problem_mark.index)] == 0x09
        {
            problem += " (a tab: YAML indents with spaces only)"
        }
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message = "\(problem) \(context) started at \(mark(parser.context_mark))"
        }
        let at = parser.problem_mark
        // libyaml reports reader errors (bad encoding) with an offset and no line.
        if parser.error == YAML_READER_ERROR {
            return YAMLError(.syntax, "\(problem) at byte offset \(parser.problem_offset)", at: YAMLMark(line: 1, column: 1))
        }
        return YAMLError(.syntax, message, at: mark(at))
    }

    private static func mark(_ m: yaml_mark_t) -> YAMLMark {
        YAMLMark(line: Int(m.line) + 1, column: Int(m.column) + 1)
    }

    /// Handles one event; true at the end of the stream.
    private mutating func handle(_ event: inout yaml_event_t) throws(YAMLError) -> Bool {
        let at = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            anchors.removeAll(keepingCapacity: true)
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root { documents.append(root) }
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            guard Int(s.length) <= limits.maxScalarBytes else {
                throw YAMLError(.scalarTooLong, "scalar of \(s.length) bytes is longer than the limit of \(limits.maxScalarBytes)", at: at)
            }
            let text = s.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: Int(s.length)), as: UTF8.self) } ?? ""
            let tag = try checkedTag(s.tag, at: at, explicit: s.plain_implicit == 0 && s.quoted_implicit == 0)
            let node = YAMLNode(content: .scalar(text, Self.style(s.style)), tag: tag, mark: at)
            if let tag, YAMLCoreTag.isCore(tag), node.resolvedScalar == nil {
                throw YAMLError(.invalidTaggedValue, "'\(text)' is not a valid value for tag \(tag)", at: at)
            }
            try count(nodes: 1, at: at)
            try add(node, anchor: Self.string(s.anchor))
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            aliasCount += 1
            guard aliasCount <= limits.maxAliases else {
                throw YAMLError(.tooManyAliases, "more than \(limits.maxAliases) aliases", at: at)
            }
            guard var target = anchors[name] else {
                throw YAMLError(.undefinedAlias, "alias *\(name) names no anchor defined before it", at: at)
            }
            try count(nodes: target.subtreeSize, at: at)
            target.mark = at
            try add(target, anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            guard stack.count < limits.maxDepth else {
                throw YAMLError(.tooDeep, "collections nest deeper than the limit of \(limits.maxDepth)", at: at)
            }
            let rawTag = isMapping ? event.data.mapping_start.tag : event.data.sequence_start.tag
            let implicit = isMapping ? event.data.mapping_start.implicit : event.data.sequence_start.implicit
            let tag = try checkedTag(rawTag, at: at, explicit: implicit == 0)
            if let tag, tag != YAMLCoreTag.nonSpecific, YAMLCoreTag.isCore(tag),
                tag != (isMapping ? YAMLCoreTag.map : YAMLCoreTag.seq)
            {
                throw YAMLError(.invalidTaggedValue, "a \(isMapping ? "mapping" : "sequence") cannot carry tag \(tag)", at: at)
            }
            try count(nodes: 1, at: at)
            let anchor = Self.string(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            stack.append(Frame(isMapping: isMapping, tag: tag, anchor: anchor, mark: at))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return false }
            let content: YAMLNode.Content
            if frame.isMapping {
                var pairs: [(key: YAMLNode, value: YAMLNode)] = []
                pairs.reserveCapacity(frame.items.count / 2)
                var i = 0
                while i + 1 < frame.items.count {
                    pairs.append((frame.items[i], frame.items[i + 1]))
                    i += 2
                }
                content = .mapping(pairs)
            } else {
                content = .sequence(frame.items)
            }
            let node = YAMLNode(content: content, tag: frame.tag, mark: frame.mark, subtreeSize: frame.size)
            try add(node, anchor: frame.anchor)
        default:
            break
        }
        return false
    }

    private mutating func count(nodes: Int, at mark: YAMLMark) throws(YAMLError) {
        nodeCount += nodes
        guard nodeCount <= limits.maxNodes else {
            throw YAMLError(.tooManyNodes, "more than \(limits.maxNodes) nodes (aliases expanded)", at: mark)
        }
    }

    private mutating func add(_ node: YAMLNode, anchor: String?) throws(YAMLError) {
        if let anchor { anchors[anchor] = node }
        if stack.isEmpty {
            root = node
        } else {
            stack[stack.count - 1].items.append(node)
            stack[stack.count - 1].size += node.subtreeSize
        }
    }

    private func checkedTag(_ raw: UnsafeMutablePointer<yaml_char_t>?, at mark: YAMLMark, explicit: Bool) throws(YAMLError) -> String? {
        guard let tag = Self.string(raw) else { return nil }
        if tagPolicy == .coreOnly, !YAMLCoreTag.isCore(tag) {
            throw YAMLError(.unsupportedTag, "tag \(tag) is not a YAML core schema tag", at: mark)
        }
        return tag
    }

    private static func string(_ raw: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        raw.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> YAMLScalarStyle {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }
}
