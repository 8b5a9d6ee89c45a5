/// A position in a YAML source, 1-based like a compiler's.
public struct YAMLMark: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Line number, starting at 1.
    public var line: Int
    /// Column number, starting at 1.
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: YAMLMark, rhs: YAMLMark) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// How a scalar was written; quoted scalars are never resolved to non-strings.
public enum YAMLScalarStyle: Sendable, Hashable {
    case plain, singleQuoted, doubleQuoted, literal, folded
}

/// One node of a composed YAML document. Aliases are already resolved: an alias is a copy
/// of the node its anchor names, carrying the mark of the alias itself.
public struct YAMLNode: Sendable {
    /// The node's content.
    public enum Content: Sendable {
        /// A scalar: its exact bytes as UTF-8 text (escaped NULs included) and its style.
        case scalar(String, YAMLScalarStyle)
        case sequence([YAMLNode])
        /// A mapping's pairs in document order; duplicate keys are kept for the consumer to judge.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    public var content: Content
    /// The full tag (`tag:yaml.org,2002:str`, `!` or a local tag), nil when the node has none.
    public var tag: String?
    /// Where the node starts.
    public var mark: YAMLMark
    /// Nodes in this subtree, itself included; bounds the cost of each alias to it.
    public var subtreeSize: Int

    public init(content: Content, tag: String? = nil, mark: YAMLMark, subtreeSize: Int = 1) {
        self.content = content
        self.tag = tag
        self.mark = mark
        self.subtreeSize = subtreeSize
    }
}

extension YAMLNode {
    /// The scalar's text, or nil for a collection.
    public var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// The sequence's items, or nil for anything else.
    public var sequenceItems: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The mapping's pairs, or nil for anything else.
    public var mappingPairs: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = content { return pairs }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`, in a mapping; nil otherwise.
    public func value(forKey key: String) -> YAMLNode? {
        mappingPairs?.first { $0.key.scalarText == key }?.value
    }

    /// A short name for the node's kind, for error messages.
    public var kindName: String {
        switch content {
        case .scalar: return resolvedScalar.map(\.typeName) ?? "scalar"
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        }
    }
}
