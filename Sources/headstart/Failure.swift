import ArgumentParser
import Foundation
import HeadstartFormats

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place a failure becomes what a person sees: one line on standard error (never a
/// Swift type name) and the exit code of the README's table.
enum Failure {
    /// Ends the process for `error` thrown by a command's `run()`.
    static func exit(_ error: any Error) -> Never {
        switch error {
        case let code as ExitCode:
            Foundation.exit(code.rawValue)
        case let failed as Terminal.WriteFailed:
            if failed.code == EPIPE {
                // The reader went away (`| head -c1`): end quietly, as SIGPIPE ends `cat`.
                signal(SIGPIPE, SIG_DFL)
                raise(SIGPIPE)
                Foundation.exit(ExitStatus.ioError.rawValue)
            }
            Terminal.err("headstart: cannot write to \(failed.stream): \(String(cString: strerror(failed.code)))\n")
            Foundation.exit(ExitStatus.ioError.rawValue)
        case let failed as Terminal.ReadFailed:
            Terminal.err("headstart: cannot read: \(failed.reason)\n")
            Foundation.exit(ExitStatus.noInput.rawValue)
        case is ValidationError, is CleanExit:
            usage(error)
        default:
            // ArgumentParser's own requests and complaints (help, a usage error found while running).
            let code = Headstart.exitCode(for: error)
            if code == .success || code == .validationFailure { usage(error) }
            Terminal.err("headstart: internal error (a bug): \(describe(error))\n")
            Foundation.exit(ExitStatus.software.rawValue)
        }
    }

    /// A command line that cannot be run: one line (with where to read more) and exit 64. Help
    /// and version requests print as ArgumentParser prints them.
    static func usage(_ error: any Error) -> Never {
        let code = Headstart.exitCode(for: error)
        guard code != .success else { Headstart.exit(withError: error) }
        let message = Headstart.message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid command line"
        let names = Headstart.configuration.subcommands.map { $0.configuration.commandName ?? "" }
        let first = CommandLine.arguments.dropFirst().first
        let command = first.flatMap { names.contains($0) ? $0 + " " : nil } ?? ""
        // A misspelt command is named as such, not as "2 unexpected arguments".
        if let first, !first.hasPrefix("-"), !names.contains(first) {
            let hint = Suggestion.hint(for: first, in: names)
            Terminal.err("headstart: unknown command '\(TerminalText.visible(first))'\(hint) (see 'headstart --help')\n")
            Foundation.exit(code.rawValue)
        }
        Terminal.err("headstart: \(message) (see 'headstart \(command)--help')\n")
        Foundation.exit(code.rawValue)
    }

    /// An error in words: the system's reason for system errors, a localized description where
    /// one exists, never a type name. `HEADSTART_DEBUG=1` adds the full value for bug reports.
    static func describe(_ error: any Error) -> String {
        var text: String
        if let localized = error as? any LocalizedError, let description = localized.errorDescription {
            text = description
        } else if let code = posixCode(error) {
            text = String(cString: strerror(code))
        } else {
            text = "an unexpected error"
        }
        if ProcessInfo.processInfo.environment["HEADSTART_DEBUG"] == "1" { text += " [\(String(reflecting: error))]" }
        return text
    }

    /// The errno behind a Foundation error, if there is one.
    static func posixCode(_ error: any Error) -> Int32? {
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain { return Int32(underlying.code) }
        return nil
    }
}
