import Dispatch
import Foundation
import HTTP
import Logging
import Service
import Tensor

/// `refiner serve`: runs the HTTP service until SIGTERM or SIGINT.
enum ServeCommand {
    static let help = """
        Usage: refiner serve [--config FILE] [--host ADDRESS] [--port N]

        Starts the Refiner HTTP service with the models named in the configuration.

        Options:
          --config FILE      JSON configuration. Default: Config/default.json when it exists, else built-in defaults.
          --host ADDRESS     Address to listen on. Default: 127.0.0.1. Environment: REFINER_HOST.
          --port N           TCP port, 0-65535 (0 picks a free one). Default: 8080. Environment: REFINER_PORT.

        Environment: REFINER_LOG_LEVEL (trace … critical, default info), REFINER_LOG_FORMAT (logfmt or json),
        REFINER_CHECKPOINT_DIR (default Config/models), REFINER_WORDNET_DIR (default /usr/share/wordnet),
        REFINER_OPENAPI_FILE (default openapi.yaml), REFINER_DATA_DIR (folder of POST /train datasets, default data),
        REFINER_ADMIN_TOKEN (bearer token that POST /train requires; unset, training over HTTP is disabled),
        REFINER_UPSTREAM_URL (OpenAI-compatible base URL such as http://127.0.0.1:9000/v1; unset, no upstream),
        REFINER_UPSTREAM_MODEL, REFINER_UPSTREAM_API_KEY (sent as a bearer token, never logged),
        REFINER_PROMPT_FILE (a generation prompt written by refiner optimize-prompt).
        Flags override the environment, which overrides the file.
        """

    static func run(_ rawArguments: [String]) async throws {
        let arguments = try Arguments(rawArguments, options: ["config", "host", "port"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        capMallocArenas(2)
        let configuration = try loadConfiguration(arguments)
        let logger = configuration.makeLogger(label: "refiner")

        // Requests run concurrently on the cooperative pool; one BLAS thread each keeps the cores from being
        // oversubscribed.
        BLAS.setThreadCount(1)
        let registry = ModelRegistry()
        let service = RefinerService(configuration: configuration, registry: registry, logger: logger)
        let server = HTTPServer(
            configuration: configuration.httpConfiguration, logger: logger, headCheck: service.checkHead,
            immediateHandler: service.handleImmediately
        ) { request in
            await service.handle(request)
        }
        service.metrics.track(server)
        let port = try server.start()
        logger.info(
            "server started",
            [
                "server.host": .string(configuration.server.host), "server.port": .integer(port),
                "blas.kernels": .string(BLAS.coreName),
            ])
        if let promptFile = configuration.refinement.promptFile {
            logger.info("generation prompt read from file", ["refinement.prompt_file": .string(promptFile)])
        }
        if configuration.upstream.isConfigured {
            logger.info(
                "upstream configured",
                [
                    "upstream.url": .string(configuration.upstream.url),
                    "upstream.model": .string(configuration.upstream.model),
                ])
        } else {
            logger.info("no upstream configured; /refine needs an answer and skips the revision stage")
        }

        let signalSources = watchSignals([SIGTERM, SIGINT]) { signal in
            logger.notice("shutdown requested", ["signal": .integer(Int(signal))])
            server.shutdown()
        }
        try? await registry.loadDefault(configuration.models, logger: logger)
        let poller = Task {
            await registry.watch(every: .seconds(configuration.models.pollIntervalSeconds), logger: logger)
        }
        await server.waitUntilStopped()
        poller.cancel()
        signalSources.forEach { $0.cancel() }
        logger.info("server stopped")
    }

    /// Caps glibc's malloc arenas at `count`, as `MALLOC_ARENA_MAX` would.
    ///
    /// Request work runs on threads of its own, and glibc gives threads that allocate at once arenas of their
    /// own, up to 8 per core, whose pages stay resident. In two 10-minute soaks run side by side, 2 arenas held
    /// resident memory growth to 7.8% where the default grew 16.6% (docs/benchmarks.md). `mallopt` is looked up
    /// at run time because Swift's Glibc module leaves out malloc.h, where `M_ARENA_MAX` is -8.
    static func capMallocArenas(_ count: Int32) {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(-8, count)
    }

    /// Reads the configuration file, then the environment, then the flags.
    static func loadConfiguration(_ arguments: Arguments) throws -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        if let path = arguments.string("config") {
            configuration = try ServiceConfiguration.load(path: path)
        } else if FileManager.default.fileExists(atPath: "Config/default.json") {
            configuration = try ServiceConfiguration.load(path: "Config/default.json")
        }
        try configuration.applyEnvironment(ProcessInfo.processInfo.environment)
        if let host = arguments.string("host") { configuration.server.host = host }
        if let port = arguments.string("port") {
            configuration.server.port = try ServiceConfiguration.port(port, source: "--port")
        }
        try configuration.validate()
        try configuration.upstream.validate()
        // A prompt file that cannot be read stops the start, not the first request that needs it.
        _ = try configuration.refinement.resolvedGenerationPrompt()
        return configuration
    }
}

/// Calls `handler` on each of `signals`, which stop having their default action, until the sources are cancelled.
func watchSignals(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> [any DispatchSourceSignal] {
    signals.map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler { handler(number) }
        source.resume()
        return source
    }
}
