import ConnectorKit
import Dispatch
import Synchronization
import WizardUI

/// Results of background work, picked up by the event loop between keys. Each event carries
/// the prompt it was asked for (its `platformState`, made anew with every prompt), so the answer
/// to a prompt that has since been replaced (the wizard's tab 3 after a change to the form) is
/// dropped rather than shown in the new one.
public final class Mailbox: Sendable {
    private let events = Mutex<[(prompt: String, event: ConnectEvent)]>([])

    public init() {}

    public func post(_ event: ConnectEvent, for prompt: String) {
        events.withLock { $0.append((prompt, event)) }
    }

    /// The events for `prompt`, in order; those for any other are thrown away.
    public func drain(for prompt: String) -> [ConnectEvent] {
        events.withLock { list in
            defer { list.removeAll() }
            return list.filter { $0.prompt == prompt }.map(\.event)
        }
    }

    /// Runs `job` on a background queue and posts what it returns.
    public func run(for prompt: String, _ job: @escaping @Sendable () -> [ConnectEvent]) {
        DispatchQueue.global().async { [self] in
            for e in job() { post(e, for: prompt) }
        }
    }
}

/// `--save-connection`: the created connection in the user's state folder, mode 0600.
public struct ConnectionFile {
    let document: ConnectorDocument
    /// Opens the user's store of connections.
    let store: () throws(SecretStore.Failure) -> ConnectionStore

    public init(document: ConnectorDocument,
                store: @escaping () throws(SecretStore.Failure) -> ConnectionStore = { () throws(SecretStore.Failure) in try ConnectionStore.forCurrentUser() }) {
        self.document = document
        self.store = store
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func write(_ s: ConnectState, token: OAuthToken?) -> Result<String, Failure> {
        let values = s.connectionValues
        let parameters = s.prompt.fields.filter { !$0.isSetChoice }.compactMap { f in values[f.name].map { (name: f.name, value: $0) } }
        let connection = ConnectionStore.Connection(
            connector: s.prompt.title, folder: SecretStore.absolutePath(document.folder),
            authenticationType: s.prompt.chosenSet.map { _ in s.values[ConnectionPrompt.setChoiceName] ?? "" },
            parameters: parameters, token: token)
        do {
            return .success(try store().save(connection, for: SecretStore.key(for: document)))
        } catch {
            return .failure(Failure(description: "The connection was not saved: \(error.description)."))
        }
    }
}
