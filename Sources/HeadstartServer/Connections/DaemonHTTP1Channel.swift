import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1

/// Hummingbird's HTTP/1 child channel with the daemon's admission and HTTP/1 rules in front:
/// the peer's credentials are read as the connection is accepted, a uid over its connection cap
/// is closed at once, and ``HTTP1Semantics`` sees each request head before it loses its version.
struct DaemonHTTP1Channel: ServerChildChannel, HTTPChannelHandler {
    typealias Value = NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>

    let responder: HTTPChannelHandler.Responder
    let limits: DaemonLimits
    let policy: AccessPolicy
    let ledger: ConnectionLedger
    let logger: Logger

    /// Refused at accept: the uid holds its share of connections already.
    struct OverCap: Error {}

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        PeerCredentials.read(channel).flatMapThrowing { peer in
            if let peer {
                let peer = policy.resolvingGroups(peer)
                guard ledger.admit(.connection, peer.uid, exempt: policy.isAdmin(peer)) else {
                    self.logger.debug("connection refused: over the per-uid cap", metadata: ["uid": "\(peer.uid)"])
                    DaemonMetrics.refusedConnection()
                    channel.close(promise: nil)
                    throw OverCap()
                }
                PeerCredentials.remember(peer, for: channel)
                channel.closeFuture.whenComplete { [ledger] _ in ledger.release(.connection, peer.uid) }
            }
            try configure(channel)
            return try NIOAsyncChannel(wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
        }
    }

    /// The pipeline of Hummingbird's `HTTP1Channel`, with the daemon's handlers added.
    private func configure(_ channel: any Channel) throws {
        var decoderLimits = NIOHTTPDecoderLimitConfiguration()
        decoderLimits.maxHeaderFieldSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
        decoderLimits.maxHeaderFieldCount = limits.maxHeaderCount
        let pipeline = channel.pipeline.syncOperations
        try pipeline.configureHTTPServerPipeline(
            withPipeliningAssistance: false,
            withErrorHandling: false,
            withOutboundHeaderValidation: false,
            withEncoderConfiguration: .init(),
            withDecoderLimitConfiguration: decoderLimits
        )
        try pipeline.addHandler(HTTP1Semantics(maxBodyBytes: limits.maxBodyBytes))
        try pipeline.addHandler(HTTP1ToHTTPServerCodec(secure: false))
        try pipeline.addHandler(ParserErrorResponder(maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount))
        try pipeline.addHandler(RequestHeadTimeoutHandler(first: TimeAmount(limits.headerTimeout), next: TimeAmount(limits.idleTimeout)))
        try pipeline.addHandler(HTTPConnectionStateHandler(idleTimeout: limits.idleTimeout, logger: logger))
    }

    func handle(value asyncChannel: Value, logger: Logger) async {
        await handleHTTP(asyncChannel: asyncChannel, logger: logger)
    }
}
