extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let bitmaps = DiffGroup(name: "bitmaps", commands: []) { _ in [] }
}
