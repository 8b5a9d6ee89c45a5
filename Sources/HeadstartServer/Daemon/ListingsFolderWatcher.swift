import Foundation
import HeadstartAPI
import HeadstartEngine
import HeadstartFormats
import HeadstartSchedule
import Logging
import ServiceLifecycle

/// Submits every listing of a folder laid out `CLOUD/REGION[.NAME].json` at start-up and again
/// whenever one is rewritten, as the daemon's own uid. A listing is observed on the UTC day its
/// file was last written (never later than today): re-read after a restart, an old file stays
/// old, so `headstart_listing_age_days` shows a listing that stopped arriving. A file that does
/// not read is logged with its problems and counted, and the rest go on.
struct ListingsFolderWatcher: Service {
    let folder: String
    let interval: Duration
    let service: PlanService
    let logger: Logger

    /// What a file was when last submitted: a rewrite with the same bytes on a later day is a new sighting.
    struct Seen: Equatable {
        var bytes: Data
        var modified: Date
    }

    func run() async throws {
        var seen: [String: Seen] = [:]
        await PollLoop.run(every: interval, immediately: true) { await scan(&seen) }
    }

    func scan(_ seen: inout [String: Seen]) async {
        let entries: [ListingFolder.Entry]
        do {
            entries = try ListingFolder.entries(in: folder)
        } catch {
            logger.error("cannot read the listings folder", metadata: ["folder": "\(folder)", "error": "\(error.localizedDescription)"])
            DaemonMetrics.failed("listings-folder")
            return
        }
        let today = service.clock.today
        for entry in entries {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: entry.path),
                attributes[.type] as? FileAttributeType == .typeRegular,
                let modified = attributes[.modificationDate] as? Date
            else { continue }
            guard case .success(let bytes) = FileReader.read(entry.path) else { continue }
            let now = Seen(bytes: bytes, modified: modified)
            guard seen[entry.path] != now else { continue }
            seen[entry.path] = now
            let day = min(Day(utc: modified), today)
            do {
                let stored = try await service.submitListing(
                    json: bytes,
                    at: .init(cloud: entry.cloud, region: entry.region, name: entry.name),
                    observedOn: day,
                    file: entry.path,
                    caller: .daemon
                )
                logger.info(
                    "listings folder: file stored",
                    metadata: [
                        "file": "\(entry.path)", "observedOn": "\(day)", "catalog": "\(stored.catalogVersion)",
                        "offersChanged": "\(stored.offers.count)",
                    ]
                )
            } catch {
                logger.error("listings folder: file skipped", metadata: ["file": "\(entry.path)", "error": "\(error.detail)"])
                DaemonMetrics.failed("listing-file")
            }
        }
    }
}
