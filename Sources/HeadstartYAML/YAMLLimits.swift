/// Bounds on what one YAML input may cost, checked while libyaml's events arrive so that a
/// hostile input is refused before it costs time or memory.
public struct YAMLLimits: Sendable, Hashable {
    /// Largest input accepted, in bytes.
    public var maxInputBytes: Int
    /// Deepest nesting of collections. libyaml has no limit of its own and slows
    /// quadratically on deep flow collections, so this is checked on every start event.
    public var maxDepth: Int
    /// Most nodes in a stream, counting every node an alias copies.
    public var maxNodes: Int
    /// Most alias events in a stream.
    public var maxAliases: Int
    /// Longest scalar, in bytes.
    public var maxScalarBytes: Int

    /// - Parameters: see the properties; the defaults fit plans of tens of thousands of workloads.
    public init(
        maxInputBytes: Int = 64 << 20,
        maxDepth: Int = 64,
        maxNodes: Int = 2_000_000,
        maxAliases: Int = 10_000,
        maxScalarBytes: Int = 1 << 20
    ) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliases = maxAliases
        self.maxScalarBytes = maxScalarBytes
    }

    /// The defaults.
    public static let `default` = YAMLLimits()
}

/// Which tags a document may carry.
public enum YAMLTagPolicy: Sendable, Hashable {
    /// Only the YAML 1.2 core schema's tags (`!!str !!int !!float !!bool !!null !!seq !!map`) and `!`.
    case coreOnly
    /// Any tag; the tag is kept on the node and ignored by scalar resolution unless it is a core tag.
    case any
}
