/// A new connector made from an API description (`new --from`, the wizard's Import): the
/// document to save, whose API definition is the description as Swagger 2.0, and the draft of
/// its General and Security tabs. The importer lives in a target of its own; the wizard and the
/// commands take its result in this shape.
public struct ImportedDescription: Sendable {
    public var document: ConnectorDocument
    public var draft: ConnectorDraft
    /// What the maker should know, one sentence each: values cut or left out, what Swagger 2.0
    /// or the platform cannot hold and how it was carried over.
    public var notes: [String]
    /// One line on what was read, e.g. `OpenAPI 3.0.1, 197 operations`.
    public var summary: String

    public init(document: ConnectorDocument, draft: ConnectorDraft, notes: [String], summary: String) {
        self.document = document
        self.draft = draft
        self.notes = notes
        self.summary = summary
    }
}

/// Why an API description could not be imported: one sentence naming the file and, where it is
/// known, the line.
public struct ImportFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var sentence: String
    public var description: String { sentence }

    public init(_ sentence: String) {
        self.sentence = sentence
    }
}
