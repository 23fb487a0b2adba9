import Logging

/// Everything a connection thread shares with the server.
struct ConnectionContext: Sendable {
    let configuration: HTTPServer.Configuration
    let logger: Logger
    let handler: HTTPServer.Handler
    let immediateHandler: HTTPServer.ImmediateHandler?
    let headCheck: HTTPServer.HeadCheck?
    let registry: ConnectionRegistry
    let statistics: ServerStatistics
    /// Read end of the shutdown pipe, polled while a connection reads a request.
    let wakeDescriptor: Int32
}
