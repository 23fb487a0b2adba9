/// Options of one subcommand, parsed from `--name value` pairs and `--flag` switches.
struct Arguments {
    /// A command line that cannot be parsed, with a message that names what to change.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments`, accepting only the option and flag names listed.
    init(_ arguments: [String], options: Set<String>, flags allowedFlags: Set<String> = []) throws {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.hasPrefix("--") ? String(argument.dropFirst(2)) : ""
            if name == "help" || argument == "-h" || allowedFlags.contains(name) {
                flags.insert(name == "" ? "help" : name)
                index += 1
            } else if options.contains(name) {
                guard index + 1 < arguments.count else {
                    throw ParseError(description: "option \(argument) needs a value")
                }
                values[name] = arguments[index + 1]
                index += 2
            } else {
                throw ParseError(description: "unknown option \(argument); run with --help to list the options")
            }
        }
    }

    var wantsHelp: Bool { flags.contains("help") }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func string(_ name: String) -> String? { values[name] }

    /// Returns the integer value of an option, or nil when absent.
    ///
    /// - Throws: `ParseError` when the value is not an integer within `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ParseError(
                description:
                    "invalid --\(name) \(text): expected an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Returns the floating-point value of an option, or nil when absent.
    func float(_ name: String, in range: ClosedRange<Float>) throws -> Float? {
        guard let text = values[name] else { return nil }
        guard let value = Float(text), range.contains(value) else {
            throw ParseError(
                description:
                    "invalid --\(name) \(text): expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
