import Foundation
import HeadstartAPI
import HeadstartFormats
import HeadstartStore
import Logging
import ServiceLifecycle

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `serve --export TARGET=PATH`: a file to keep current.
public struct ExportFile: Sendable, Hashable {
    public var target: ExportTarget
    public var path: String

    public init(target: ExportTarget, path: String) {
        self.target = target
        self.path = path
    }

    /// Why the daemon must not start with this file, one sentence; nil when it may. The path
    /// must not be a folder; its folder must exist and be writable, and must not be writable by
    /// anyone but `user` unless it is sticky (`chmod +t`: others cannot rename or remove files
    /// they do not own) and owned by `user` or root.
    public func problem(user: uid_t = geteuid()) -> String? {
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            return "cannot write the export \(path): \(String(cString: strerror(EISDIR)))"
        }
        if lstat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG, (info.st_mode & S_IFMT) != S_IFLNK {
            return "cannot write the export \(path): it is not a regular file (a device, a pipe or a socket), which a rename would replace"
        }
        guard access(folder, W_OK | X_OK) == 0 else { return "cannot write the export \(path): \(String(cString: strerror(errno)))" }
        guard stat(folder, &info) == 0 else { return "cannot write the export \(path): \(String(cString: strerror(errno)))" }
        let mode = info.st_mode & 0o7777
        let owner = info.st_uid
        let trustedOwner = owner == user || owner == 0
        let writableByOthers = mode & (S_IWGRP | S_IWOTH) != 0 || !trustedOwner
        guard writableByOthers, !(mode & S_ISVTX != 0 && trustedOwner) else { return nil }
        return "the export folder \(folder) is writable by others (mode \(String(mode, radix: 8)), owner uid \(owner)): "
            + "let only uid \(user) write it, or make it sticky (chmod +t) and owned by uid \(user) or root"
    }
}

/// Keeps export files current: at start-up, and after each event that can move a stored plan's
/// placements (a plan stored, re-planned or deleted, a catalog replaced) it works out every
/// plan's current placements and rewrites each file, atomically (write, fsync, rename), only
/// when its bytes would differ from those last written: moved placements, or a header (catalog
/// version, as-of days, valid until) that would otherwise go stale.
struct ExportFileWriter: Service {
    let service: PlanService
    let files: [ExportFile]
    let logger: Logger

    func run() async throws {
        var byPlan: [String: ExportPlacements] = [:]
        var written: [String: [UInt8]] = [:]
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Listening before reading, so no change falls between the two.
            let (id, events) = await service.hub.subscribe()
            byPlan = await everyPlan()
            written = write(byPlan, last: written)
            for await event in events.cancelOnGracefulShutdown() {
                switch event.type {
                case .catalogReplaced?:
                    byPlan = await everyPlan()
                case .planDeleted?:
                    if let plan = event.plan { byPlan[plan] = nil }
                case .planSubmitted?, .recommendationsChanged?, .replanned?, .planInvalid?:
                    if let plan = event.plan { byPlan[plan] = await placements(of: plan) }
                default:
                    continue
                }
                written = write(byPlan, last: written)
            }
            await service.hub.unsubscribe(id)
            // Cut off for falling behind: start over from the store.
        }
    }

    private func everyPlan() async -> [String: ExportPlacements] {
        let names: [String]
        do {
            names = try await service.planNames()
        } catch {
            logger.error("export: cannot list the plans", metadata: ["error": "\(error.detail)"])
            DaemonMetrics.failed("export")
            return [:]
        }
        var out: [String: ExportPlacements] = [:]
        for name in names { out[name] = await placements(of: name) }
        return out
    }

    private func placements(of plan: String) async -> ExportPlacements? {
        do {
            return try await service.exportPlacements(of: plan)
        } catch {
            // A stale plan has nothing current to export; it is named in the log, not in the file.
            logger.warning("export: plan left out", metadata: ["plan": "\(plan)", "error": "\(error.detail)"])
            return nil
        }
    }

    /// Writes each file whose bytes differ from those in `last`; the bytes now written, by path.
    private func write(_ byPlan: [String: ExportPlacements], last: [String: [UInt8]]) -> [String: [UInt8]] {
        let merged = ExportPlacements(merging: Array(byPlan.values), catalogVersion: byPlan.values.first?.catalogVersion ?? "")
        var written = last
        for file in files {
            do {
                let bytes = try file.target.render(merged)
                guard bytes != last[file.path] else { continue }
                // A file that cannot be written is tried again at the next change.
                written[file.path] = nil
                try AtomicFile.write(bytes, to: file.path)
                written[file.path] = bytes
                logger.info(
                    "export written",
                    metadata: [
                        "file": "\(file.path)", "target": "\(file.target.rawValue)",
                        "placements": "\(merged.placements.count)",
                    ]
                )
            } catch {
                logger.error("export: cannot write the file", metadata: ["file": "\(file.path)", "error": "\(error)"])
                DaemonMetrics.failed("export")
            }
        }
        return written
    }
}
