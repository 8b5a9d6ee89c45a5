import ArgumentParser

/// Exit codes, from BSD's sysexits.h so scripts can tell failures apart.
enum ExitStatus {
    /// The daemon refused the request (no such plan, a name conflict).
    static let failure = ExitCode(1)
    /// Bad command line.
    static let usage = ExitCode(64)
    /// A plan or catalog failed validation.
    static let dataError = ExitCode(65)
    /// An input file is missing or unreadable.
    static let noInput = ExitCode(66)
    /// No daemon answers on the socket.
    static let unavailable = ExitCode(69)
    /// A bug: something that should not fail did.
    static let software = ExitCode(70)
    /// An output file could not be created (a directory, no permission).
    static let cannotCreate = ExitCode(73)
    /// Output could not be written.
    static let ioError = ExitCode(74)
    /// The server on the socket does not speak the Headstart API.
    static let protocolError = ExitCode(76)
    /// The caller may not use the socket.
    static let noPermission = ExitCode(77)
    /// Another daemon is already running.
    static let tempFail = ExitCode(75)
}
