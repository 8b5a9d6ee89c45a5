import CLibYAML

/// A pull reader over libyaml's events, for decoders that build typed values straight from the
/// stream instead of from a ``YAMLNode`` tree.
///
/// It reports no errors of its own: a decoder that meets anything it does not expect (a parse
/// error, an anchor, a tag, a wrong shape) stops and hands the bytes to ``YAMLComposer``, whose
/// tree path says exactly what is wrong and where. So the cursor only has to be fast on
/// well-formed input; it never has to explain bad input.
public final class YAMLEventCursor {
    /// What the current event is.
    public enum Kind: Sendable, Hashable {
        case streamStart, streamEnd, documentStart, documentEnd
        case scalar, alias, sequenceStart, sequenceEnd, mappingStart, mappingEnd
        /// libyaml could not parse what follows; the cursor stays here.
        case failed
    }

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let event: UnsafeMutablePointer<yaml_event_t>
    private var holdsEvent = false
    private let initialized: Bool

    /// The current event's kind; `.streamStart` before the first ``next()``.
    public private(set) var kind: Kind = .streamStart

    /// Reads `bytes`, which the caller keeps alive and unmoved for the cursor's whole life.
    public init(_ bytes: UnsafeBufferPointer<UInt8>) {
        parser = .allocate(capacity: 1)
        event = .allocate(capacity: 1)
        initialized = yaml_parser_initialize(parser) == 1
        if initialized {
            yaml_parser_set_input_string(parser, bytes.baseAddress, bytes.count)
        } else {
            kind = .failed
        }
    }

    deinit {
        if holdsEvent { yaml_event_delete(event) }
        if initialized { yaml_parser_delete(parser) }
        parser.deallocate()
        event.deallocate()
    }

    /// Moves to the next event and returns its kind; `.failed` on a syntax error and after it.
    @discardableResult
    public func next() -> Kind {
        guard kind != .failed, kind != .streamEnd || !holdsEvent else { return kind }
        if holdsEvent {
            yaml_event_delete(event)
            holdsEvent = false
        }
        guard yaml_parser_parse(parser, event) == 1 else {
            kind = .failed
            return kind
        }
        holdsEvent = true
        switch event.pointee.type {
        case YAML_STREAM_START_EVENT: kind = .streamStart
        case YAML_STREAM_END_EVENT: kind = .streamEnd
        case YAML_DOCUMENT_START_EVENT: kind = .documentStart
        case YAML_DOCUMENT_END_EVENT: kind = .documentEnd
        case YAML_SCALAR_EVENT: kind = .scalar
        case YAML_ALIAS_EVENT: kind = .alias
        case YAML_SEQUENCE_START_EVENT: kind = .sequenceStart
        case YAML_SEQUENCE_END_EVENT: kind = .sequenceEnd
        case YAML_MAPPING_START_EVENT: kind = .mappingStart
        case YAML_MAPPING_END_EVENT: kind = .mappingEnd
        default: kind = .failed
        }
        return kind
    }

    /// Where the current event starts, 1-based.
    public var mark: YAMLMark {
        YAMLMark(line: Int(event.pointee.start_mark.line) + 1, column: Int(event.pointee.start_mark.column) + 1)
    }

    /// Whether the current scalar or collection carries an anchor or an explicit tag: such
    /// nodes are left to the composer, which checks and resolves them.
    public var isDecorated: Bool {
        switch kind {
        case .scalar:
            let s = event.pointee.data.scalar
            return s.anchor != nil || s.tag != nil
        case .sequenceStart:
            let s = event.pointee.data.sequence_start
            return s.anchor != nil || s.tag != nil
        case .mappingStart:
            let m = event.pointee.data.mapping_start
            return m.anchor != nil || m.tag != nil
        default:
            return false
        }
    }

    /// Whether the current scalar is plain (unquoted, not a block scalar).
    public var isPlain: Bool {
        kind == .scalar && event.pointee.data.scalar.style == YAML_PLAIN_SCALAR_STYLE
    }

    /// The current scalar's length in bytes; 0 for other events.
    public var scalarLength: Int {
        kind == .scalar ? Int(event.pointee.data.scalar.length) : 0
    }

    /// The current scalar's text; "" for other events.
    public var scalarText: String {
        guard kind == .scalar, let value = event.pointee.data.scalar.value else { return "" }
        return String(decoding: UnsafeBufferPointer(start: value, count: Int(event.pointee.data.scalar.length)), as: UTF8.self)
    }

    /// Whether the current scalar is printable ASCII only, so holds no control character.
    public var scalarIsPrintableASCII: Bool {
        guard kind == .scalar, let value = event.pointee.data.scalar.value else { return true }
        for i in 0..<Int(event.pointee.data.scalar.length) where value[i] < 0x20 || value[i] > 0x7E { return false }
        return true
    }

    /// Whether the current scalar's bytes are exactly `key`: keys are matched without making
    /// a string of each one.
    public func scalarEquals(_ key: [UInt8]) -> Bool {
        guard kind == .scalar else { return false }
        let s = event.pointee.data.scalar
        guard Int(s.length) == key.count else { return false }
        guard let value = s.value else { return key.isEmpty }
        for i in 0..<key.count where value[i] != key[i] { return false }
        return true
    }
}
