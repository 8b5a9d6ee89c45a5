import Foundation
import Synchronization

/// A one-line progress display on standard error for commands that can take a while. It shows
/// only on a terminal (never when piped, so scripts and logs stay clean), only once the work has
/// taken longer than `delay`, and rubs itself out when done.
final class Progress: Sendable {
    private struct State {
        var phase: String
        var drawn = false
        var done = false
    }

    private let state: Mutex<State>
    private let start = ContinuousClock.now
    private let enabled: Bool
    private let delay: Duration

    /// - Parameter enabled: nil decides from standard error being a terminal and `HEADSTART_NO_PROGRESS` unset.
    /// - Parameter delay: nil takes `HEADSTART_PROGRESS_DELAY_MS`, else 300 ms.
    init(_ phase: String, enabled: Bool? = nil, delay: Duration? = nil) {
        self.state = Mutex(State(phase: phase))
        self.enabled = enabled ?? Self.onTerminal
        self.delay = delay ?? .milliseconds(ProcessInfo.processInfo.environment["HEADSTART_PROGRESS_DELAY_MS"].flatMap(Int.init) ?? 300)
        guard self.enabled else { return }
        // Redraws the elapsed time while a single long step (a request to the daemon) runs.
        let ticker = Thread { [weak self] in
            while let self, self.tick() { Thread.sleep(forTimeInterval: 0.25) }
        }
        ticker.start()
    }

    static var onTerminal: Bool {
        isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["HEADSTART_NO_PROGRESS"] == nil
    }

    /// Moves to the next phase.
    func step(_ phase: String) {
        state.withLock { $0.phase = phase }
        _ = tick()
    }

    /// Clears the line; later calls do nothing.
    func finish() {
        state.withLock { s in
            if s.drawn { Terminal.errControl("\r\u{1B}[K") }
            s.done = true
        }
    }

    /// Draws the current phase if it is time to; false once finished.
    private func tick() -> Bool {
        guard enabled else { return false }
        let elapsed = ContinuousClock.now - start
        return state.withLock { s in
            guard !s.done else { return false }
            guard elapsed >= delay else { return true }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            Terminal.errControl("\r\u{1B}[Kheadstart: \(s.phase) (\(String(format: "%.1f", seconds)) s)")
            s.drawn = true
            return true
        }
    }

    deinit { finish() }
}
