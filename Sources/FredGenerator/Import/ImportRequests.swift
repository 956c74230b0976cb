/// The three requests the importer sends. They are the one place the Generator spells command
/// words: the importer talks to a server before there is a spec to take them from (it writes the
/// spec), and a user's own spec (a module's commands) need not describe them at all.
enum ImportRequests {
    /// Authenticates with the URL's credentials.
    static func auth(user: String?, password: String) -> [String] {
        user.map { ["AUTH", $0, password] } ?? ["AUTH", password]
    }

    /// Every command's documentation: arguments, group, since, summary, …
    static let docs = ["COMMAND", "DOCS"]
    /// Every command's flags, tips and key specs.
    static let info = ["COMMAND", "INFO"]
}
