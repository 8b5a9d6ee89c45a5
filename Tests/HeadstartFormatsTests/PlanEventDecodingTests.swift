import Foundation
import HeadstartEngine
import Testing

@testable import HeadstartFormats

/// The event path (`decodeFromEvents`) must agree with the tree path (`decodeFromTree`) on
/// every plan: the same value where both accept, nothing where the tree reports a problem.
@Suite struct PlanEventDecodingTests {
    static let catalog: Catalog? = try? CatalogDecoder().decode(DefaultCatalog.bytes, file: "catalog")
    static var root: URL { URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }

    /// Both paths on `text`; the event path's value, which must be the tree path's.
    @discardableResult
    static func agree(_ text: String, catalog: Catalog, _ comment: Comment? = nil) -> (events: WorkloadPlan?, tree: WorkloadPlan?) {
        let decoder = PlanDecoder(catalog: catalog)
        let bytes = Array(text.utf8)
        let events = decoder.decodeFromEvents(bytes)
        let tree = try? decoder.decodeFromTree(bytes, file: "plan.yaml")
        if let events {
            #expect(events == tree, comment ?? Comment(rawValue: text))
        }
        return (events, tree)
    }

    @Test(arguments: ["Plans/examples/eu-bank.yaml", "Plans/examples/jp-insurer.yaml", "Plans/examples/us-retailer.yaml"])
    func shippedExamplesTakeTheEventPath(path: String) throws {
        let catalog = try #require(Self.catalog)
        let text = try String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
        let (events, tree) = Self.agree(text, catalog: catalog)
        #expect(events != nil && tree != nil)
    }

    @Test(arguments: ["plan-bank.yaml", "plan-retail.yaml", "lifecycle-2/plan-licence-lifecycle.yaml", "lifecycle-2/plan-migrations.yaml"])
    func conformancePlansTakeTheEventPath(path: String) throws {
        let folder = ConformanceFolder.url
        let catalogFile = path.hasPrefix("lifecycle-2/") ? "lifecycle-2/catalog.yaml" : "catalog.yaml"
        let catalog = try CatalogDecoder().decode(Array(try Data(contentsOf: folder.appendingPathComponent(catalogFile))), file: catalogFile)
        let text = try String(contentsOf: folder.appendingPathComponent(path), encoding: .utf8)
        let (events, tree) = Self.agree(text, catalog: catalog)
        #expect(events != nil && tree != nil)
    }

    /// Valid plans the event path leaves to the tree: the tree still reads them.
    @Test(arguments: [
        "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: &n p\nhorizon: 2028-12-31\nworkloads:\n  - name: a\n    needs: [codex]\n",
        "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: !!str p\nhorizon: 2028-12-31\nworkloads:\n  - name: a\n    needs: [codex]\n",
        "apiVersion: headstart/v1\nkind: WorkloadPlan\nname: p\nhorizon: 2028-12-31\nworkloads:\n  - &w {name: a, needs: [codex]}\n",
    ])
    func decoratedPlansFallBackToTheTree(text: String) throws {
        let catalog = try #require(Self.catalog)
        let (events, tree) = Self.agree(text, catalog: catalog)
        #expect(events == nil)
        #expect(tree != nil)
        #expect((try? PlanDecoder(catalog: catalog).decode(Array(text.utf8), file: "p.yaml")) == tree)
    }

    /// Every fixture the tree refuses, the event path refuses too.
    @Test func invalidFixturesNeverTakeTheEventPath() throws {
        let catalog = try #require(Self.catalog)
        let folder = Self.root.appendingPathComponent("Tests/HeadstartFormatsTests/Fixtures")
        var refused = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".yaml") {
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let (events, tree) = Self.agree(text, catalog: catalog, Comment(rawValue: name))
            if tree == nil {
                refused += 1
                #expect(events == nil, Comment(rawValue: name))
            }
        }
        #expect(refused >= 8)
    }

    /// Seeded random plans, valid and not, in every style: block and flow lists, quoted and
    /// plain scalars, keys in any order, overrides on many workloads, near-miss values.
    @Test(arguments: 0..<8)
    func randomPlansAgree(seed: Int) throws {
        let catalog = try #require(Self.catalog)
        var generator = RandomPlanText(catalog: catalog, seed: UInt64(seed) &+ 1)
        var accepted = 0
        var bothValid = 0
        for _ in 0..<250 {
            let text = generator.plan()
            let (events, tree) = Self.agree(text, catalog: catalog)
            if events != nil { accepted += 1 }
            if tree != nil { bothValid += 1 }
            // A valid plan written without anchors or tags always takes the event path.
            if tree != nil { #expect(events != nil, Comment(rawValue: text)) }
        }
        // Both kinds must occur for the comparison to mean anything.
        #expect(accepted >= 25 && bothValid < 250, "accepted \(accepted), valid \(bothValid)")
    }
}

/// Where `../shared/conformance` is.
enum ConformanceFolder {
    static var url: URL {
        if let env = ProcessInfo.processInfo.environment["HEADSTART_CONFORMANCE"] { return URL(fileURLWithPath: env) }
        return PlanEventDecodingTests.root.deletingLastPathComponent().appendingPathComponent("shared/conformance")
    }
}
