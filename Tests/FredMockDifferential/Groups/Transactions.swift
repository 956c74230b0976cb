extension DiffGroup {
    /// Not written yet: generates nothing.
    public static let transactions = DiffGroup(name: "transactions", commands: []) { _ in [] }
}
