extension HTTPHeaders {
    /// Returns the comma-separated list elements of every field named `name`, trimmed and lowercased.
    ///
    /// Empty elements are dropped, as RFC 9110 section 5.6.1 asks recipients to do. Used for fields whose values
    /// are case-insensitive tokens, such as `Connection` and `Transfer-Encoding`.
    func listElements(for name: String) -> [String] {
        values(for: name).flatMap { value in
            value.split(separator: ",").compactMap { element in
                let trimmed = element.trimmingWhitespace().lowercased()
                return trimmed.isEmpty ? nil : trimmed
            }
        }
    }

    /// Returns whether a list field named `name` contains `token`, compared case-insensitively.
    func containsToken(_ token: String, in name: String) -> Bool {
        listElements(for: name).contains(token.lowercased())
    }
}

extension Substring {
    /// Returns the text without leading and trailing spaces and tabs.
    func trimmingWhitespace() -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return self[endIndex...]
        }
        return self[start...last]
    }
}
