/// Encoding of names, label values and numbers in the Prometheus text exposition format, version 0.0.4.
enum PrometheusText {
    /// Media type of a scrape response.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Formats the `# HELP` and `# TYPE` lines that open a metric family.
    static func header(name: String, help: String, type: String) -> String {
        "# HELP \(name) \(escapedHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// Formats one sample line: the name, the label set in braces when it has labels, and the value.
    static func sample(_ name: String, _ labels: [(String, String)], _ value: Double) -> String {
        guard !labels.isEmpty else { return "\(name) \(number(value))\n" }
        let pairs = labels.map { name, value in "\(name)=\"\(escapedLabelValue(value))\"" }
        return "\(name){\(pairs.joined(separator: ","))} \(number(value))\n"
    }

    /// Formats a value: integers without a fraction, infinities as `+Inf` and `-Inf`, NaN as `NaN`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// Escapes a label value: backslash, double quote and line feed are the only characters the format escapes.
    static func escapedLabelValue(_ value: String) -> String {
        var escaped = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// Escapes help text, where backslash and line feed are escaped and a double quote stays as it is.
    static func escapedHelp(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }
}
