extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let sets = DiffGroup(name: "sets", commands: []) { _ in [] }
}
