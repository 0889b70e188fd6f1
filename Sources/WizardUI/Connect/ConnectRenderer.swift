import ConnectorKit

/// Draws the interactive connection prompt (§5) into a buffer: a header, the prompt dialog with
/// the focus (or, once created, the connection and its test call), the status line and the hint
/// bar, and any box over them (the sign-in URL, waiting for the browser, the client secret, help).
public enum ConnectRenderer {
    public static func render(_ s: ConnectState, theme t: Theme = .default, folder: String = "") -> Buffer {
        var b = Buffer(width: s.width, height: s.height, fill: t.page)
        guard s.width >= Renderer.minimumWidth, s.height >= Renderer.minimumHeight else {
            drawTooSmall(&b, t)
            return b
        }
        drawHeader(&b, s, folder: folder, theme: t)
        drawBody(&b, s, top: 1, bottom: b.height - 2, theme: t)
        drawStatus(&b, s, theme: t)
        HintBar.draw(&b, ConnectKeymap.hints(for: s), theme: t, dropFirst: ["Back", "Next", "List", "Help"])
        return b
    }

    /// The prompt (or the created connection) in rows `top..<bottom`, with any popup or box over it.
    public static func drawBody(_ b: inout Buffer, _ s: ConnectState, top: Int, bottom: Int, theme t: Theme) {
        var area = Buffer(width: b.width, height: max(0, bottom - top), fill: t.page)
        switch s.stage {
        case .form: drawForm(&area, s, theme: t)
        case .created: drawCreated(&area, s, theme: t)
        }
        for y in 0..<area.height {
            for x in 0..<b.width { b[x, top + y] = area[x, y] }
        }
        b.cursor = s.popup == nil && s.overlay == nil ? area.cursor.map { ($0.x, $0.y + top) } : nil
        if let p = s.popup { drawPopup(&b, s, p, theme: t) }
        if let o = s.overlay { drawOverlay(&b, s, o, theme: t) }
    }

    static func drawTooSmall(_ b: inout Buffer, _ t: Theme) {
        let msg = "The terminal is \(b.width)×\(b.height). The connection prompt needs at least \(Renderer.minimumWidth)×\(Renderer.minimumHeight): enlarge the window. (Esc cancels)"
        let lines = Wrap.lines(msg, width: max(1, b.width - 2))
        let top = max(0, (b.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < b.height {
            b.put(line, x: max(0, (b.width - TextWidth.of(line)) / 2), y: top + i, style: t.heading)
        }
    }

    static func drawHeader(_ b: inout Buffer, _ s: ConnectState, folder: String, theme t: Theme) {
        b.fill(x: 0, y: 0, width: b.width, height: 1, style: t.header)
        let mode = s.stage == .created ? "Connection created" : "New connection"
        let used = b.put(TextWidth.truncate(" \(s.prompt.title) · \(mode)", to: b.width - 2), x: 0, y: 0, style: t.header)
        let room = b.width - used - 3
        guard !folder.isEmpty, room >= 4 else { return }
        var style = t.header
        style.attrs.remove(.bold)
        let right = TextWidth.of(folder) > room ? "…" + String(folder.suffix(room - 1)) : folder
        b.put(right, x: b.width - TextWidth.of(right) - 1, y: 0, style: style)
    }

    // MARK: The form

    static func drawForm(_ b: inout Buffer, _ s: ConnectState, theme t: Theme) {
        let missing = s.showMissing ? Set(s.missingFields.map(\.name)) : []
        let interaction = PromptInteraction(focus: s.focus, caret: s.caret, selected: s.overlay == nil ? s.selected : nil,
                                            missing: missing,
                                            signInNote: signInNote(s, theme: t))
        PromptRenderer.draw(&b, s.prompt, theme: t, values: s.values, interaction: interaction)
    }

    /// After `Sign in`: signed in and until when, refreshing, or why it failed.
    static func signInNote(_ s: ConnectState, theme t: Theme) -> (text: String, kind: WizardState.Flash.Kind)? {
        switch s.signIn {
        case .notSignedIn: return nil
        case .signingIn: return ("Signing in…", .info)
        case .refreshing: return ("Refreshing the token…", .info)
        case .failed(let why): return ("\(t.glyphs.error) \(why)", .error)
        case .signedIn(let expiresAt, _):
            guard let expiresAt else { return ("✓ Signed in", .success) }
            let left = ConnectState.seconds(from: s.now, to: expiresAt)
            return left > 0 ? ("✓ Signed in · token expires in \(ConnectState.duration(left))", .success)
                : ("✓ Signed in · token expired", .info)
        }
    }

    // MARK: The created connection

    static func drawCreated(_ b: inout Buffer, _ s: ConnectState, theme t: Theme) {
        let w = min(PromptRenderer.maxDialogWidth + 10, b.width - 2)
        let x = (b.width - w) / 2
        let inner = w - 6
        let cx = x + 3
        Box.draw(&b, x: x, y: 0, width: w, height: b.height, border: CellStyle(fg: t.primary, bg: t.background), fill: t.page)
        b.put(" ✓ Connection created ", x: x + 2, y: 0, style: CellStyle(fg: t.success, bg: t.background, attrs: .bold))
        var y = 2
        let rows = s.summary
        let labelWidth = min(24, (rows.map { TextWidth.of($0.label) }.max() ?? 8) + 1)
        // The connection's values: as many as fit above the test call's part.
        let room = max(1, b.height - 12)
        for (i, row) in rows.enumerated() where i < room {
            if i == room - 1, rows.count > room {
                b.put("… \(rows.count - i) more", x: cx, y: y, style: t.note)
                y += 1
                break
            }
            b.put(TextWidth.truncate(row.label, to: labelWidth - 1), x: cx, y: y, style: t.label.with(.bold))
            b.put(row.value, x: cx + labelWidth + 1, y: y, style: t.label, maxWidth: inner - labelWidth - 1)
            y += 1
        }
        if let left = s.secondsLeft {
            let text = left > 0 ? "The token expires in \(ConnectState.duration(left))."
                : "The token has expired; a test call refreshes it first."
            b.put(text, x: cx, y: y, style: left > 0 ? t.note : t.warningText, maxWidth: inner)
            y += 1
        }
        y += 1
        b.put(String(repeating: t.glyphs.rule, count: inner), x: cx, y: y, style: t.rule)
        b.put(" Test call ", x: cx + 1, y: y, style: t.heading)
        y += 2
        // GET <base> [path box]
        let base = (try? s.testRequest(path: "").get())?.url ?? "(no host)"
        let prefix = "GET " + TextWidth.truncate(base.hasSuffix("/") ? String(base.dropLast()) : base, to: inner / 2)
        let used = b.put(prefix, x: cx, y: y, style: t.label)
        let focused = s.focus == .testPath
        let boxStyle = focused ? t.inputFocused : t.input
        let boxWidth = max(8, inner - used - 1)
        b.fill(x: cx + used + 1, y: y, width: boxWidth, height: 1, style: boxStyle)
        TextBox.drawLine(&b, s.testPath, caret: s.testCaret, masked: false, x: cx + used + 1, y: y, width: boxWidth,
                         style: boxStyle, focused: focused, selected: focused && s.overlay == nil && s.selected == .testPath, theme: t)
        y += 2
        var names = [s.testLabel]
        var focusables: [ConnectFocus] = [.test]
        if s.focusOrder.contains(.refresh) { names.append("Refresh token"); focusables.append(.refresh) }
        names.append("Close")
        focusables.append(.close)
        Buttons.draw(&b, names, right: x + w - 3, y: y, focused: focusables.firstIndex(of: s.focus) ?? -1, theme: t)
        y += 2
        if case .none = s.test, let reason = s.testUnavailableReason {
            for line in Wrap.lines(reason, width: inner) where y < b.height - 1 {
                b.put(line, x: cx, y: y, style: t.note)
                y += 1
            }
            return
        }
        drawTestResult(&b, s.test, x: cx, y: y, width: inner, bottom: b.height - 1, theme: t)
    }

    static func drawTestResult(_ b: inout Buffer, _ test: TestStatus, x: Int, y: Int, width w: Int, bottom: Int, theme t: Theme) {
        switch test {
        case .none:
            b.put("Enter sends the request with the connection's credentials applied.", x: x, y: y, style: t.note, maxWidth: w)
        case .running:
            b.put("Calling…", x: x, y: y, style: t.note)
        case .failed(let why):
            var yy = y
            for line in Wrap.lines("\(t.glyphs.error) \(why)", width: w) where yy < bottom {
                b.put(line, x: x, y: yy, style: t.errorText)
                yy += 1
            }
        case .done(let r):
            let ok = (200..<300).contains(r.status)
            let head = r.reason.isEmpty ? "\(r.status)" : "\(r.status) \(r.reason)"
            // A server may send any reason: the status line stays inside the box, the time kept.
            let time = " · \(r.milliseconds) ms"
            var used = b.put(TextWidth.truncate(head, to: max(4, w - TextWidth.of(time))), x: x, y: y, style: ok ? t.successText : t.errorText)
            used += b.put(time, x: x + used, y: y, style: t.label, maxWidth: max(0, w - used))
            if r.refreshedFirst, used < w { b.put(" · token refreshed first", x: x + used, y: y, style: t.note, maxWidth: w - used) }
            b.put(TextWidth.truncate("\(r.method) \(r.url)", to: w), x: x, y: y + 1, style: t.note)
            var yy = y + 2
            let body = r.body.isEmpty ? "(empty body)" : r.body
            for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
                // Indentation (laid-out JSON, XML) is kept; wrapped parts line up under the text.
                let indent = String(line.prefix { $0 == " " }.prefix(max(0, w / 2)))
                for part in Wrap.lines(String(line.dropFirst(indent.count)), width: w - indent.count) {
                    guard yy < bottom else { return }
                    b.put(indent + part, x: x, y: yy, style: t.label, maxWidth: w)
                    yy += 1
                }
            }
        }
    }

    // MARK: Status, popup, boxes

    public static func drawStatus(_ b: inout Buffer, _ s: ConnectState, theme t: Theme) {
        var text = ""
        var style = t.statusBar
        if let flash = s.flash {
            (text, style) = (flash.text, flash.style(t))
        } else if let f = s.focusedField {
            text = f.tooltip.isEmpty ? f.description : f.tooltip
            if text.isEmpty { text = f.required ? "\(f.label) is required." : "\(f.label) (optional)." }
        } else {
            switch s.focus {
            case .signIn: text = s.liveSignIn ? "Sign in from this terminal: the browser comes back to a listener on 127.0.0.1."
                : "Shows the URL the platform opens to sign in."
            case .create: text = "Create the connection (^S)."
            case .cancel: text = "Leave without creating a connection (Esc)."
            case .testPath: text = "The path called, under the connector's host and base path."
            case .test: text = "Send a request with the connection's credentials applied."
            case .refresh: text = "Get a new access token with the refresh token (^R)."
            case .close: text = "Close the prompt."
            case .field: break
            }
        }
        StatusLine.draw(&b, text, style: style, theme: t)
    }

    static func drawPopup(_ b: inout Buffer, _ s: ConnectState, _ p: ConnectPopup, theme t: Theme) {
        let w = min(b.width - 8, max(24, (p.labels.map { TextWidth.of($0) }.max() ?? 0) + 6))
        let h = min(p.labels.count + 2, b.height - 4)
        let x = (b.width - w) / 2
        let y = max(1, (b.height - h) / 2)
        Box.draw(&b, x: x, y: y, width: w, height: h, border: t.dialogBorder, fill: t.dialog,
                 title: s.field(p.field)?.label, titleStyle: t.dialogTitle)
        let visible = h - 2
        let top = max(0, min(p.selected - visible + 1, p.labels.count - visible))
        for i in 0..<visible where top + i < p.labels.count {
            let selected = top + i == p.selected
            let style = selected ? t.buttonFocused : t.dialog
            b.fill(x: x + 1, y: y + 1 + i, width: w - 2, height: 1, style: style)
            b.put((selected ? t.glyphs.focusMarker : " ") + " " + p.labels[top + i], x: x + 1, y: y + 1 + i, style: style,
                  maxWidth: w - 2)
        }
    }

    /// A box over the prompt is 74 columns wide, or wider to hold its sign-in URL on one line
    /// (so that selecting it with the mouse copies it whole) when the screen has room for that;
    /// a URL longer than the screen is broken anywhere in the usual box (C copies it whole, P
    /// prints it on exit).
    static func overlayWidth(_ b: Buffer, url: String?) -> Int {
        let need = url.map { TextWidth.of($0) + 4 } ?? 0
        return need <= b.width - 4 ? max(74, need) : min(b.width - 4, 74)
    }

    static func drawOverlay(_ b: inout Buffer, _ s: ConnectState, _ o: ConnectOverlay, theme t: Theme) {
        let provider = s.prompt.signIn?.providerName ?? "the identity provider"
        var lines: [(String, CellStyle?)] = []
        var title = ""
        var buttons: [String] = []
        var secretBox = false
        // The line of `lines` that is the waiting box's address box.
        var addressBox: Int?
        switch o {
        case .authorizationURL(let url):
            title = "Sign in with \(provider)"
            lines = [("The platform opens this URL in the end user's browser:", t.dialog.with(.bold)), (url, CellStyle(fg: t.primary, bg: t.surface)),
                     ("", nil),
                     ("The identity provider then redirects to the connector's redirect URL, which only the platform answers. `connect --sign-in loopback` signs in for real from this terminal.", CellStyle(fg: t.muted, bg: t.surface))]
            if s.redirectNotMadeYet {
                lines += [("", nil), (ConnectState.redirectNotMadeYetText, CellStyle(fg: t.warning, bg: t.surface, attrs: .bold))]
            }
            buttons = ["Copy URL (C)", "Print on exit (P)", "Close (Esc)"]
        case .waiting(let w):
            title = "Signing in with \(provider)"
            lines = [(w.browserOpened ? "The browser was opened. Finish signing in there; this waits for it to come back." : "Open this URL in a browser and sign in; this waits for it to come back:", t.dialog.with(.bold)),
                     (w.url, CellStyle(fg: t.primary, bg: t.surface)), ("", nil),
                     ("Waiting \(ConnectState.duration(ConnectState.seconds(from: s.now, to: w.deadline))) more.", CellStyle(fg: t.muted, bg: t.surface)),
                     ("", nil), (SignInWait.pasteHint, nil)]
            if let forward = w.forwardHint, let command = w.forwardCommand {
                // The command whole on a line of its own, when the two do not fit on one.
                if TextWidth.of(forward) <= overlayWidth(b, url: w.url) - 4 {
                    lines.append((forward, nil))
                } else {
                    lines += [(SignInWait.forwardLead, nil), (command, nil)]
                }
            }
            addressBox = lines.count
            lines.append(("", nil))
            switch w.answer {
            case .taken?: lines.append(("✓ " + SignInWait.takenText, CellStyle(fg: t.success, bg: t.surface)))
            case .refused(let why)?: lines.append(("\(t.glyphs.error) \(why)", CellStyle(fg: t.error, bg: t.surface, attrs: .bold)))
            case nil: break
            }
            buttons = w.address.isEmpty || w.answer == .taken ? ["Copy URL (C)", "Cancel (Esc)"] : ["Use address (Enter)", "Cancel (Esc)"]
        case .clientSecret:
            title = "Client secret"
            lines = [("Signing in needs the OAuth client secret of client ID \(s.oauth?.clientId ?? "?").", t.dialog.with(.bold)),
                     ("Leave it empty for a public client. It stays in memory; `connector-wizard set DIR --client-secret-stdin` keeps one for this user.", CellStyle(fg: t.muted, bg: t.surface)),
                     ("", nil), ("", nil)]
            buttons = ["Sign in (Enter)", "Cancel (Esc)"]
            secretBox = true
        case .failed(let why):
            title = "Sign-in failed"
            lines = [(why, CellStyle(fg: t.error, bg: t.surface, attrs: .bold))]
            buttons = ["Close (Esc)"]
        case .help:
            title = "Help"
            if let f = s.focusedField {
                lines.append((f.label, t.dialogTitle))
                if !f.description.isEmpty { lines.append((f.description, nil)) }
                if !f.tooltip.isEmpty { lines.append((f.tooltip, nil)) }
                if f.name.lowercased().hasPrefix("token:") {
                    lines.append(("The sign-in uses this value (\(f.name)), as the platform does.", CellStyle(fg: t.muted, bg: t.surface)))
                }
                lines.append(("", nil))
            }
            lines.append(("Keys", t.dialogTitle))
            let keys = ConnectKeymap.helpLines(embedded: s.embedded, liveSignIn: s.liveSignIn && s.prompt.signIn != nil)
            let column = keys.map { TextWidth.of($0.0) }.max() ?? 0
            lines += keys.map { (key, what) in (key + String(repeating: " ", count: column - TextWidth.of(key) + 2) + what, nil) }
            buttons = ["Close (Esc)"]
        }
        let shownURL: String?
        switch o {
        case .authorizationURL(let url): shownURL = url
        case .waiting(let wait): shownURL = wait.url
        default: shownURL = nil
        }
        let w = overlayWidth(b, url: shownURL)
        let maxBody = b.height - 6
        if addressBox != nil {
            // Short of rows, the empty lines go first, so the address box stays.
            let rows = lines.enumerated().reduce(0) { sum, line in
                sum + (line.element.0.isEmpty ? 1 : Wrap.lines(line.element.0, width: w - 4, break: .anywhere).count)
            }
            if rows > maxBody {
                let kept = lines.enumerated().filter { !$0.element.0.isEmpty || $0.offset == addressBox }
                addressBox = kept.firstIndex { $0.offset == addressBox }
                lines = kept.map(\.element)
            }
        }
        var body: [(String, CellStyle?)] = []
        var addressRow: Int?
        var urlRows = 0..<0
        for (i, (text, style)) in lines.enumerated() {
            if i == addressBox { addressRow = body.count }
            if text.isEmpty { body.append(("", style)); continue }
            // A URL is broken anywhere, not only at spaces, so none of it is lost.
            let isURL = text.hasPrefix("http://") || text.hasPrefix("https://")
            let start = body.count
            for line in Wrap.lines(text, width: w - 4, break: isURL ? .anywhere : .words) { body.append((line, style)) }
            if isURL, urlRows.isEmpty { urlRows = start..<body.count }
        }
        if body.count > maxBody, let row = addressRow, urlRows.count > 1, urlRows.upperBound <= row {
            // Still short of rows: the URL's end goes (C copies it whole) rather than what follows.
            let cut = min(body.count - maxBody, urlRows.count - 1)
            body.removeSubrange((urlRows.upperBound - cut)..<urlRows.upperBound)
            let last = urlRows.upperBound - cut - 1
            body[last].0 = String(body[last].0.dropLast()) + "…"
            addressRow = row - cut
        }
        if body.count > maxBody { body = Array(body.prefix(maxBody)) }
        let h = body.count + 4
        let x = (b.width - w) / 2
        let y = max(1, (b.height - h) / 2)
        Box.draw(&b, x: x, y: y, width: w, height: h, border: t.dialogBorder, fill: t.dialog, title: title, titleStyle: t.dialogTitle)
        for (i, (line, style)) in body.enumerated() {
            b.put(line, x: x + 2, y: y + 1 + i, style: style ?? t.dialog, maxWidth: w - 4)
        }
        if secretBox, case .clientSecret(let text) = o {
            let by = y + body.count
            b.fill(x: x + 2, y: by, width: w - 4, height: 1, style: t.inputFocused)
            TextBox.drawLine(&b, text, caret: text.count, masked: true, x: x + 2, y: by, width: w - 4, style: t.inputFocused,
                             focused: true, theme: t)
        }
        if case .waiting(let wait) = o, let row = addressRow, row < body.count {
            let by = y + 1 + row
            b.fill(x: x + 2, y: by, width: w - 4, height: 1, style: t.inputFocused)
            if wait.address.isEmpty {
                b.put(wait.addressExample, x: x + 3, y: by, style: CellStyle(fg: t.muted, bg: t.inputFocused.bg), maxWidth: w - 6)
                if wait.answer != .taken { b.cursor = (x + 3, by) }
            } else {
                // Shown redacted: the code it holds never reaches the screen.
                let shown = PastedRedirect.shown(wait.address)
                TextBox.drawLine(&b, shown, caret: shown.count, masked: false, x: x + 2, y: by, width: w - 4, style: t.inputFocused,
                                 focused: true, theme: t)
            }
        }
        Buttons.draw(&b, buttons, right: x + w - 2, y: y + h - 2, focused: 0, theme: t)
    }
}
