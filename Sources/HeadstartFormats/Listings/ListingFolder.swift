import Foundation

/// A folder of listings laid out `CLOUD/REGION.json` or `CLOUD/REGION.NAME.json`: what `catalog
/// import` reads and `serve --listings` watches. Hidden entries (a writer's temporary files) are
/// passed over.
public enum ListingFolder {
    /// One listing file and where it stands for.
    public struct Entry: Sendable, Hashable {
        public var path: String
        public var cloud: String
        public var region: String
        /// The `NAME` of `REGION.NAME.json`; nil for `REGION.json`.
        public var name: String?

        public init(path: String, cloud: String, region: String, name: String?) {
            (self.path, self.cloud, self.region, self.name) = (path, cloud, region, name)
        }
    }

    /// The listing files under `folder`, by cloud, then file name; a folder that cannot be read throws.
    public static func entries(in folder: String) throws -> [Entry] {
        let manager = FileManager.default
        let root = URL(fileURLWithPath: folder)
        var entries: [Entry] = []
        for cloud in try manager.contentsOfDirectory(atPath: folder).sorted() where !cloud.hasPrefix(".") {
            let sub = root.appendingPathComponent(cloud)
            var isFolder: ObjCBool = false
            guard manager.fileExists(atPath: sub.path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            for file in ((try? manager.contentsOfDirectory(atPath: sub.path)) ?? []).sorted() {
                if let entry = entry(file, cloud: cloud, in: sub.path) { entries.append(entry) }
            }
        }
        return entries
    }

    /// `REGION[.NAME].json` in a cloud's folder; nil for anything else.
    static func entry(_ file: String, cloud: String, in folder: String) -> Entry? {
        guard file.hasSuffix(".json"), !file.hasPrefix(".") else { return nil }
        let parts = file.dropLast(".json".count).split(separator: ".", maxSplits: 1).map(String.init)
        guard let region = parts.first, !region.isEmpty else { return nil }
        return Entry(
            path: (folder as NSString).appendingPathComponent(file),
            cloud: cloud,
            region: region,
            name: parts.count > 1 ? parts[1] : nil
        )
    }
}
