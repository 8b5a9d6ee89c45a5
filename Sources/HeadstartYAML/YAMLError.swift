/// A YAML document that could not be read, with a stable code and where it went wrong.
public struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable identifiers for each way reading can fail.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        // Closed: the codes are the static members below, and no caller makes another.
        private init(rawValue: String) { self.rawValue = rawValue }

        /// libyaml refused the text.
        public static let syntax = Code(rawValue: "yaml-syntax")
        /// The input is larger than ``YAMLLimits/maxInputBytes``.
        public static let inputTooLarge = Code(rawValue: "yaml-input-too-large")
        /// Collections nest deeper than ``YAMLLimits/maxDepth``.
        public static let tooDeep = Code(rawValue: "yaml-too-deep")
        /// More nodes, aliases expanded, than ``YAMLLimits/maxNodes``.
        public static let tooManyNodes = Code(rawValue: "yaml-too-many-nodes")
        /// More aliases than ``YAMLLimits/maxAliases``.
        public static let tooManyAliases = Code(rawValue: "yaml-too-many-aliases")
        /// A scalar longer than ``YAMLLimits/maxScalarBytes``.
        public static let scalarTooLong = Code(rawValue: "yaml-scalar-too-long")
        /// An alias names no anchor defined (and completed) before it.
        public static let undefinedAlias = Code(rawValue: "yaml-undefined-alias")
        /// A tag outside the YAML 1.2 core schema.
        public static let unsupportedTag = Code(rawValue: "yaml-unsupported-tag")
        /// A tagged scalar whose text does not fit its tag (`!!int abc`).
        public static let invalidTaggedValue = Code(rawValue: "yaml-invalid-tagged-value")
        /// Several documents where one is expected.
        public static let multipleDocuments = Code(rawValue: "yaml-multiple-documents")

        public var description: String { rawValue }
    }

    public var code: Code
    public var message: String
    /// Where the problem was found, when libyaml or the composer knows.
    public var mark: YAMLMark?

    public init(_ code: Code, _ message: String, at mark: YAMLMark?) {
        self.code = code
        self.message = message
        self.mark = mark
    }

    public var description: String {
        if let mark { return "\(mark): \(message)" }
        return message
    }
}
