/// An ordered list of header fields with case-insensitive name lookup.
///
/// Field order is kept as received or added, and a name may occur more than once. Names are compared with ASCII
/// case folding, as HTTP field names are case-insensitive.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// One header field: a name and its value, as sent on the wire.
    public typealias Field = (name: String, value: String)

    private var fields: [Field]

    /// Creates an empty header list.
    public init() {
        fields = []
    }

    /// Creates a header list from fields in the given order.
    public init(_ fields: [(String, String)]) {
        self.fields = fields.map { (name: $0.0, value: $0.1) }
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Number of fields, counting repeated names once per field.
    public var count: Int { fields.count }

    /// Returns the value of the first field named `name`, or nil when there is none.
    public subscript(name: String) -> String? {
        fields.first { Self.namesMatch($0.name, name) }?.value
    }

    /// Returns the values of every field named `name`, in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.namesMatch($0.name, name) }.map(\.value)
    }

    /// Returns whether at least one field is named `name`.
    public func contains(name: String) -> Bool {
        fields.contains { Self.namesMatch($0.name, name) }
    }

    /// Appends a field, keeping any existing fields with the same name.
    public mutating func add(name: String, value: String) {
        fields.append((name: name, value: value))
    }

    /// Sets the value of the first field named `name` and removes the others, or appends the field if absent.
    public mutating func replaceOrAdd(name: String, value: String) {
        guard let first = fields.firstIndex(where: { Self.namesMatch($0.name, name) }) else {
            add(name: name, value: value)
            return
        }
        fields[first].value = value
        let later = fields.indices.filter { $0 > first && Self.namesMatch(fields[$0].name, name) }
        for index in later.reversed() {
            fields.remove(at: index)
        }
    }

    /// Removes every field named `name`.
    public mutating func remove(name: String) {
        fields.removeAll { Self.namesMatch($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[Field]> {
        fields.makeIterator()
    }

    /// Compares two field names with ASCII case folding, leaving other bytes exact.
    static func namesMatch(_ lhs: String, _ rhs: String) -> Bool {
        // Comparing the lengths first rejects most names without a byte loop.
        lhs.utf8.count == rhs.utf8.count
            && lhs.utf8.elementsEqual(rhs.utf8) { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }
}

extension HTTPHeaders: CustomStringConvertible {
    /// The field names only, because values such as `Authorization` must not end up in logs.
    public var description: String {
        "HTTPHeaders(\(fields.map(\.name).joined(separator: ", ")))"
    }
}
