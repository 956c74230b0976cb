extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let streams = DiffGroup(name: "streams", commands: []) { _ in [] }
}
