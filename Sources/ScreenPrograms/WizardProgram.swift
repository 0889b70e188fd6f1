import ConnectionSession
import ConnectorKit
import WizardUI

/// The maker's wizard as a program for `ProgramLoop`: keys go through the reducer, the save it
/// asks for is made, and tab 3's connection prompt hands its sign-in and test calls to `host`,
/// whose results come back between keys.
public struct WizardProgram: ScreenProgram {
    public var state: WizardState
    public let theme: Theme
    let host: ConnectHost
    /// The tab-3 prompt whose work is under way: a new one (the form changed) stops the old one's.
    private var current: String?
    public private(set) var isFinished = false
    /// The last frame, from which the next is drawn.
    private let frames: FrameMemo

    /// The random part of a new redirect URL.
    let newID: () -> String
    /// Reads an API description (path, the folder it will be saved in) for Import.
    let importer: (String, String) -> Result<ImportedDescription, ImportFailure>

    public init(state: WizardState, theme: Theme, host: ConnectHost, newID: @escaping () -> String = { RedirectURLMaker.randomID() },
                importer: @escaping (String, String) -> Result<ImportedDescription, ImportFailure> = { _, _ in .failure(ImportFailure("Importing is not available here.")) }) {
        self.newID = newID
        self.importer = importer
        self.state = state
        self.theme = theme
        frames = FrameMemo(theme: theme)
        self.host = host
    }

    public func render() -> Buffer {
        let frame = Renderer.render(state, memo: frames)
        #if DEBUG
        // Every frame of every test run of the program is checked against one drawn whole.
        let whole = Renderer.render(state, theme: theme)
        assert(frame == whole, "A frame drawn from the last one differs from the frame drawn whole:\n\(frame.text)\n---\n\(whole.text)")
        #endif
        return frame
    }

    public mutating func handle(_ key: Key) {
        var effects = state.handle(key)
        while !effects.isEmpty {
            switch effects.removeFirst() {
            case .save(let request): effects += state.finishSave(request.perform(files: state.files, newID: newID))
            case .quit:
                isFinished = true
                return
            case .copy(let text): host.copy(text)
            case .reload(let folder):
                state.finishReload(Result { () throws(ConnectorReadError) in try ConnectorDocument.open(folder) })
            case .importDescription(let path): effects += state.finishImport(importer(path, state.document.folder), from: path)
            case .connect(var effect):
                // The client secret as the form has it now.
                let secret = state.draft.oauth.clientSecret
                if case .signIn(nil) = effect, !secret.isEmpty { effect = .signIn(clientSecret: secret.reveal()) }
                if var c = state.connect {
                    for event in host.perform(effect, c) { c.receive(event) }
                    state.connect = c
                }
            }
        }
    }

    public mutating func pump() -> Bool {
        if let prompt = state.connect?.platformState, prompt != current {
            if current != nil { host.session.cancel() }
            current = prompt
        }
        guard var c = state.connect, host.pump(&c) else { return false }
        state.connect = c
        return state.tab == .test
    }
}
