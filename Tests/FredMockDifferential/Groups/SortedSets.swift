extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let sortedSets = DiffGroup(name: "sortedSets", commands: []) { _ in [] }
}
