extension Optional where Wrapped == String {
    /// True when the text contains a visible character, which makes an item a question-answering one.
    public var isPresentQuestion: Bool {
        !(self ?? "").isBlank
    }
}
