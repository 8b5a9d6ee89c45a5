import Foundation
import HeadstartEngine
import HeadstartSchedule

/// Reads one listing's JSON into a ``Listing``: its kind from its top level, then each cloud's
/// rules. Every problem is collected with its JSON path; any problem refuses the listing.
public struct ListingReader: Sendable {
    /// The largest listing read (a region's listing is a few hundred kB at most).
    public static let maxBytes = 64 << 20

    /// The day the listing was seen: a `Deprecating` or `LEGACY` state without a day dates from it.
    public var observedOn: Day

    public init(observedOn: Day) { self.observedOn = observedOn }

    public func read(_ data: Data, file: String, cloud: String, region: String, name: String? = nil) throws(ListingProblems) -> Listing {
        guard data.count <= Self.maxBytes else {
            let message = "the listing is \(data.count) bytes, over the \(Self.maxBytes >> 20) MiB limit"
            throw ListingProblems([ListingProblem(file: file, message: message)])
        }
        let (kind, envelope) = try Self.shape(data, file: file)
        var problems: [ListingProblem] = []
        var observations: [ListingObservation] = []
        var context = Context(file: file, region: region, observedOn: observedOn, problems: [])
        switch kind {
        case .azureModels: observations = AzureRules.observations(envelope.value ?? [], path: envelope.bareArray ? "" : "value", &context)
        case .bedrockModels: observations = BedrockRules.models(envelope.modelSummaries ?? [], &context)
        case .bedrockProfiles: observations = BedrockRules.profiles(envelope.inferenceProfileSummaries ?? [], &context)
        case .ociModels:
            let (items, path) = envelope.items.map { ($0, "items") } ?? (envelope.data?.items ?? [], "data.items")
            observations = OtherRules.oci(items, path: path, &context)
        case .vertexModels: observations = OtherRules.vertex(envelope.publisherModels ?? [], &context)
        }
        problems += context.problems
        guard problems.isEmpty else { throw ListingProblems(problems) }
        return Listing(kind: kind, cloud: cloud, region: region, name: name, file: file, observations: observations, observedOn: observedOn)
    }

    /// What a rule set reads with: where it is, and the problems found so far.
    struct Context {
        var file: String
        var region: String
        var observedOn: Day
        var problems: [ListingProblem]

        /// A listing's date or time as its UTC day; a problem at `path` when it is neither.
        mutating func day(_ text: String?, _ path: String) -> Day? {
            guard let text else { return nil }
            if text.count == 10, let day = Day(iso: text) { return day }
            if let date = try? Date(text, strategy: .iso8601) { return Day(utc: date) }
            if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return Day(utc: date) }
            problems.append(ListingProblem(file: file, path: path, message: "not a date: '\(text.prefix(40))'"))
            return nil
        }

        mutating func problem(_ path: String, _ message: String) {
            problems.append(ListingProblem(file: file, path: path, message: message))
        }
    }

    /// The top level tells the kind; a bare array is the Azure CLI's.
    static func shape(_ data: Data, file: String) throws(ListingProblems) -> (ListingKind, Shaped) {
        let decoder = JSONDecoder()
        if let first = data.first(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }), first == UInt8(ascii: "[") {
            do {
                let items = try decoder.decode([ListingDocuments.AzureItem].self, from: data)
                return (.azureModels, Shaped(envelope: ListingDocuments.Envelope(value: items), bareArray: true))
            } catch {
                throw ListingProblems([Self.problem(error, file: file)])
            }
        }
        let envelope: ListingDocuments.Envelope
        do {
            envelope = try decoder.decode(ListingDocuments.Envelope.self, from: data)
        } catch {
            throw ListingProblems([Self.problem(error, file: file)])
        }
        var kinds: [ListingKind] = []
        if envelope.value != nil { kinds.append(.azureModels) }
        if envelope.modelSummaries != nil { kinds.append(.bedrockModels) }
        if envelope.inferenceProfileSummaries != nil { kinds.append(.bedrockProfiles) }
        if envelope.items != nil || envelope.data?.items != nil { kinds.append(.ociModels) }
        if envelope.publisherModels != nil { kinds.append(.vertexModels) }
        guard kinds.count == 1, let kind = kinds.first else {
            let message =
                kinds.isEmpty
                ? "not a listing this importer knows: expected a top-level value, modelSummaries, inferenceProfileSummaries, items or publisherModels"
                : "ambiguous listing: it has the keys of \(kinds.map(\.rawValue).joined(separator: " and "))"
            throw ListingProblems([ListingProblem(file: file, message: message)])
        }
        return (kind, Shaped(envelope: envelope, bareArray: false))
    }

    /// The envelope, and whether it came as a bare array (paths then start at `[i]`).
    struct Shaped {
        var envelope: ListingDocuments.Envelope
        var bareArray: Bool
        var value: [ListingDocuments.AzureItem]? { envelope.value }
        var modelSummaries: [ListingDocuments.BedrockModel]? { envelope.modelSummaries }
        var inferenceProfileSummaries: [ListingDocuments.BedrockProfile]? { envelope.inferenceProfileSummaries }
        var items: [ListingDocuments.OCIModel]? { envelope.items }
        var data: ListingDocuments.OCIData? { envelope.data }
        var publisherModels: [ListingDocuments.VertexModel]? { envelope.publisherModels }
    }

    /// A JSON or shape error as one problem with the path where it was found.
    static func problem(_ error: any Error, file: String) -> ListingProblem {
        switch error {
        case DecodingError.typeMismatch(let type, let c), DecodingError.valueNotFound(let type, let c):
            return ListingProblem(file: file, path: path(c.codingPath), message: "expected \(Self.name(type))")
        case DecodingError.dataCorrupted(let c) where !c.codingPath.isEmpty:
            return ListingProblem(file: file, path: path(c.codingPath), message: c.debugDescription)
        default:
            return ListingProblem(file: file, message: "not JSON")
        }
    }

    static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce("") { path, key in
            if let index = key.intValue { return path + "[\(index)]" }
            return path.isEmpty ? key.stringValue : path + "." + key.stringValue
        }
    }

    static func name(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is [Any].Type: "a list"
        default: "\(type)".contains("Array") ? "a list" : "an object"
        }
    }
}

/// Every problem a listing has, in the order found.
public struct ListingProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [ListingProblem]
    public init(_ problems: [ListingProblem]) { self.problems = problems }
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
