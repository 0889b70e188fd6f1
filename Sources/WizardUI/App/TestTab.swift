import ConnectorKit

/// Tab 3, "Test": the end user's connection prompt (§5) for the connector as the form has it now,
/// live — filled in, signed into, created and test-called without leaving the wizard. The
/// prompt is rebuilt whenever the form changed since it was made.
extension WizardState {
    /// The keys tab 3 leaves to the wizard: the tabs, help and quitting; the rest go to the prompt.
    static let wizardKeysOnTestTab: Set<Key> = Set(Keymap.tabs.keys + [.ctrl("q")])

    /// Makes (or remakes, after a change to the form) the prompt tab 3 shows.
    public mutating func prepareTestTab(now: Int) {
        guard connect == nil || connectDraft != draft else {
            connect?.width = width
            connect?.height = height
            return
        }
        printedBefore += connect?.printed ?? []
        connect = freshConnect(now: now)
        connectDraft = draft
    }

    /// The prompt for the connector as the form has it now, nothing filled in.
    public func freshConnect(now: Int) -> ConnectState {
        var doc = document
        ConnectorWriter.apply(draft, to: &doc)
        var c = ConnectState(properties: doc.apiProperties, definition: doc.definition, gateways: testGateways,
                             liveSignIn: liveSignIn, hasStoredClientSecret: !draft.oauth.clientSecret.isEmpty,
                             testPath: nil, now: now, width: width, height: height)
        c.embedded = true
        c.redirectNotMadeYet = draft.usesOAuth && draft.redirect == .notGenerated
        return c
    }

    /// A key on tab 3 with no dialog open: to the prompt, unless the wizard keeps it.
    mutating func handleOnTestTab(_ key: Key) -> [Effect]? {
        guard tab == .test, dialog == nil, popup == nil, var c = connect,
              !Self.wizardKeysOnTestTab.contains(key) else { return nil }
        if case .resize = key { return nil }
        let effects = c.handle(key)
        connect = c
        var out: [Effect] = []
        for e in effects {
            if case .quit = e {
                // Cancel or Close: a fresh prompt, as a new connection would start.
                printedBefore += c.printed
                connect = nil
                prepareTestTab(now: c.now)
                flash = Flash(kind: .info, text: c.outcome == .created ? "Closed the connection." : "Cancelled; no connection was created.")
            } else {
                out.append(.connect(e))
            }
        }
        return out
    }
}
