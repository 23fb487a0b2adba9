#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Formatting of the `Date` header field in IMF-fixdate form, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats seconds since the Unix epoch as IMF-fixdate in UTC (RFC 9110 section 5.6.7).
    static func format(secondsSinceEpoch seconds: Int) -> String {
        var time = time_t(seconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil,
            weekdays.indices.contains(Int(parts.tm_wday)),
            months.indices.contains(Int(parts.tm_mon))
        else {
            return "Thu, 01 Jan 1970 00:00:00 GMT"
        }

        let day = twoDigits(parts.tm_mday)
        let year = String(Int(parts.tm_year) + 1900)
        let clock = "\(twoDigits(parts.tm_hour)):\(twoDigits(parts.tm_min)):\(twoDigits(parts.tm_sec))"
        return "\(weekdays[Int(parts.tm_wday)]), \(day) \(months[Int(parts.tm_mon)]) \(year) \(clock) GMT"
    }

    /// Formats the current time as IMF-fixdate.
    static func now() -> String {
        format(secondsSinceEpoch: Int(time(nil)))
    }

    private static func twoDigits(_ value: Int32) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}

/// The current `Date` value for one connection, formatted again only when the second changes.
struct HTTPDateCache {
    private var second = -1
    private var text = ""

    /// Returns the current time as IMF-fixdate.
    mutating func now() -> String {
        let current = Int(time(nil))
        if current != second {
            second = current
            text = HTTPDate.format(secondsSinceEpoch: current)
        }
        return text
    }
}
