import ArgumentParser
import HeadstartAPI

/// `--socket`, shared by the daemon and its clients.
struct SocketOption: ParsableArguments {
    @Option(
        help:
            "The daemon's socket. Default: $HEADSTART_SOCKET, else $XDG_RUNTIME_DIR/headstart/headstart.sock, else /run/headstart/headstart.sock for root, else $XDG_STATE_HOME/headstart/headstart.sock, else ~/.local/state/headstart/headstart.sock."
    )
    var socket: String?

    func validate() throws {
        // An empty path would bind (or reach) Linux's abstract namespace, where no client looks.
        if socket?.isEmpty == true { throw ValidationError("--socket must not be empty") }
    }

    var resolved: String { SocketPath.resolve(socket) }
}

/// What a client command needs to reach the daemon: its socket and how long to wait.
struct ClientOptions: ParsableArguments {
    @OptionGroup var socket: SocketOption

    @Option(help: "Seconds to wait for the daemon's answer (for watch: for the stream to start).")
    var timeout: Double = 30

    func validate() throws {
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be between 0 and 86400 seconds") }
    }

    var client: DaemonClient { DaemonClient(socketPath: socket.resolved, timeout: .milliseconds(Int64(timeout * 1000))) }
}

/// `headstart socket`: the socket path a client would use, for tools that take a path (`curl --unix-socket`).
struct SocketCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "socket",
        abstract: "Print the daemon's socket path as the client resolves it (for curl --unix-socket)."
    )

    @OptionGroup var socket: SocketOption

    func run() throws {
        try Terminal.out(socket.resolved + "\n")
    }
}
