extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let geo = DiffGroup(name: "geo", commands: []) { _ in [] }
}
