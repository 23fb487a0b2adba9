extension HTTPServer {
    /// Address, size limits, timeouts and connection limit of a server.
    ///
    /// Timeouts are in seconds and may be fractional. Each one closes the connection when it passes, and the
    /// header and body timeouts send a 408 response first.
    public struct Configuration: Sendable {
        /// Address to bind: a numeric IPv4 or IPv6 address or a host name. Default: `127.0.0.1`.
        public var host: String
        /// TCP port, or 0 to let the kernel pick a free port, which `start()` returns. Default: 8080.
        public var port: Int
        /// Maximum bytes of the request line without its CRLF. A longer line gets 414. Default: 8,192.
        public var maxRequestLineBytes: Int
        /// Maximum bytes of the whole header section, CRLFs included. A larger one gets 431. The trailer section of
        /// a chunked body has the same limit. Default: 32,768.
        public var maxHeaderBytes: Int
        /// Maximum bytes of a request body, after chunked decoding. A larger body gets 413. Default: 1,048,576.
        public var maxBodyBytes: Int
        /// Time allowed for the whole request line and header section, counted from the connection's accept for
        /// its first request and from the first byte for later requests. Default: 10 seconds.
        public var headerTimeout: Double
        /// Time allowed for the whole body, counted from the end of the header section. Default: 30 seconds.
        public var bodyTimeout: Double
        /// Time a keep-alive connection may wait for the first byte of its next request. Default: 60 seconds.
        public var idleTimeout: Double
        /// Time allowed for writing one response to a client that reads slowly. Default: 30 seconds.
        public var writeTimeout: Double
        /// Maximum number of connections open at once. Past it, new connections get 503 and are closed.
        /// Each open connection has its own thread. Default: 1,024.
        public var maxConnections: Int
        /// Time that requests already being read or handled get to finish after `shutdown()`. Past it, they get
        /// 503, their handlers are cancelled and their connections close. Default: 30 seconds.
        public var drainTimeout: Double

        /// Creates a configuration with the defaults documented on each property.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8080,
            maxRequestLineBytes: Int = 8192,
            maxHeaderBytes: Int = 32_768,
            maxBodyBytes: Int = 1_048_576,
            headerTimeout: Double = 10,
            bodyTimeout: Double = 30,
            idleTimeout: Double = 60,
            writeTimeout: Double = 30,
            maxConnections: Int = 1024,
            drainTimeout: Double = 30
        ) {
            self.host = host
            self.port = port
            self.maxRequestLineBytes = maxRequestLineBytes
            self.maxHeaderBytes = maxHeaderBytes
            self.maxBodyBytes = maxBodyBytes
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.drainTimeout = drainTimeout
        }

        /// Checks that the port is in range and that every limit and timeout is positive.
        ///
        /// - Throws: `HTTPServerError` naming the first invalid field.
        func validate() throws(HTTPServerError) {
            guard (0...65_535).contains(port) else {
                throw .invalidConfiguration("port must be 0-65535, got \(port)")
            }
            let limits = [
                ("maxRequestLineBytes", maxRequestLineBytes), ("maxHeaderBytes", maxHeaderBytes),
                ("maxBodyBytes", maxBodyBytes), ("maxConnections", maxConnections),
            ]
            for (name, value) in limits where value <= 0 {
                throw .invalidConfiguration("\(name) must be positive, got \(value)")
            }
            let timeouts = [
                ("headerTimeout", headerTimeout), ("bodyTimeout", bodyTimeout), ("idleTimeout", idleTimeout),
                ("writeTimeout", writeTimeout), ("drainTimeout", drainTimeout),
            ]
            for (name, value) in timeouts where !(value > 0 && value.isFinite) {
                throw .invalidConfiguration("\(name) must be a positive number of seconds, got \(value)")
            }
        }

        var parserLimits: HTTPRequestParser.Limits {
            HTTPRequestParser.Limits(
                maxRequestLineBytes: maxRequestLineBytes,
                maxHeaderBytes: maxHeaderBytes,
                maxBodyBytes: maxBodyBytes
            )
        }
    }
}
