extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let lists = DiffGroup(name: "lists", commands: []) { _ in [] }
}
