extension Optional where Wrapped == String {
    /// True when the text contains anything but white space, which makes an item a question-answering one.
    public var isPresentQuestion: Bool {
        !(self ?? "").allSatisfy(\.isWhitespace)
    }
}
