extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let hyperLogLog = DiffGroup(name: "hyperLogLog", commands: []) { _ in [] }
}
