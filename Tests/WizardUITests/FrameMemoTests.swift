import ConnectorKit
import Foundation
@testable import WizardUI
import XCTest

/// A frame drawn from the last one (only the rows whose inputs changed drawn again) must be
/// the frame drawn whole, key after key, whatever the keys do.
final class FrameMemoTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/fixtures/connectors/certified-connectors").standardized.path

    /// Keys a maker presses on the form: text of every width, the caret keys, moving between
    /// fields and tabs, choices, popups, help, the quit dialog, resizes (one too small).
    static let keys: [Key] = [
        .char("a"), .char("Z"), .char(" "), .char("7"), .char("-"), .char("請"), .char("é"), .char("👍"),
        .paste("pasted https://example.com/x"), .paste("two\nlines"),
        .backspace, .delete, .left, .right, .home, .end, .ctrl("u"),
        .tab, .tab, .tab, .backTab, .up, .down, .pageUp, .pageDown,
        .enter, .escape, .char(" "), .alt("1"), .alt("2"), .function(1), .ctrl("q"), .function(8), .function(9),
        .resize(width: 100, height: 30), .resize(width: 80, height: 24), .resize(width: 60, height: 16),
        .resize(width: 59, height: 15), .resize(width: 200, height: 50),
    ]

    /// A fixed sequence of pseudo-random numbers, so a failure is repeatable.
    struct Steps: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state ^ (state >> 29)
        }
    }

    /// Plays `count` random keys on `start`, drawing each frame both ways; returns how many
    /// frames were compared and how many rows the memo drew again.
    func play(_ start: WizardState, theme: Theme, seed: UInt64, count: Int, name: String,
              file: StaticString = #filePath, line: UInt = #line) {
        var s = start
        var steps = Steps(state: seed)
        let memo = FrameMemo(theme: theme)
        // The frame on screen, kept as the terminal keeps it: the next is painted by its difference.
        var onScreen = Renderer.render(s, memo: memo)
        for i in 0..<count {
            let key = Self.keys[Int(steps.next() % UInt64(Self.keys.count))]
            // A refused save shows every finding; saving itself is not played (it writes files).
            if steps.next() % 40 == 0 { s.showAllFindings.toggle() }
            _ = s.handle(key)
            let fromLast = Renderer.render(s, memo: memo)
            let whole = Renderer.render(s, theme: theme)
            let paint = ScreenDiff(from: onScreen, to: fromLast, terminalColumns: s.width, terminalRows: s.height)
            let paintWhole = ScreenDiff(from: onScreen, to: whole, terminalColumns: s.width, terminalRows: s.height)
            onScreen = fromLast
            guard fromLast == whole, paint == paintWhole else {
                XCTFail("\(name), key \(i) (\(key)): the frame drawn from the last differs (or its painting: \(paint.spans) against \(paintWhole.spans)):\n\(fromLast.text)\n--- whole:\n\(whole.text)\ncursor \(String(describing: fromLast.cursor)) vs \(String(describing: whole.cursor))",
                        file: file, line: line)
                return
            }
        }
    }

    func testTypingIntoEveryFieldOfANewConnector() throws {
        let folder = NSTemporaryDirectory() + "cw-memo-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for seed in 1...12 as ClosedRange<UInt64> {
            play(newWizard(folder: folder), theme: .default, seed: seed, count: 150, name: "new, seed \(seed)")
        }
        play(newWizard(folder: folder), theme: Theme.default.withoutColor, seed: 99, count: 150, name: "new, no colour")
    }

    func testEveryReadableConnector() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures).sorted()
        XCTAssertFalse(names.isEmpty, "no fixtures at \(Self.fixtures)")
        var played = 0
        for (n, name) in names.enumerated() {
            guard let doc = try? ConnectorDocument.open(Self.fixtures + "/" + name) else { continue }
            let s = WizardState(document: doc, width: 80, height: 24, files: FakeFiles())
            play(s, theme: .default, seed: UInt64(n + 1), count: 40, name: name)
            played += 1
        }
        XCTAssertGreaterThan(played, names.count / 2)
    }

    /// The memo redraws only what changed: a letter typed into the title redraws its row, not
    /// the other rows of the form.
    /// The rows a frame draws again after `text` is typed, the frame before drawn with `memo`.
    func rowsRedrawn(typing text: String, into s: inout WizardState, _ memo: FrameMemo) -> [Int] {
        _ = Renderer.render(s, memo: memo)
        let before = memo.rows
        s.type(text)
        _ = Renderer.render(s, memo: memo)
        return before.indices.filter { before[$0] != memo.rows[$0] }
    }

    func testATypedLetterRedrawsOnlyItsRows() {
        var s = newWizard()
        s.type("Contoso")
        let changed = rowsRedrawn(typing: "x", into: &s, FrameMemo(theme: .default))
        XCTAssertEqual(changed.count, 1, "rows drawn again: \(changed)")
        XCTAssertTrue(Renderer.render(s).lines[changed[0]].contains("Contosox"))
    }

    /// Description's rows are drawn one line each: a letter typed on one line redraws that row,
    /// and text that outgrows the box scrolls it with its `…` marks as a whole frame would.
    func testDescriptionRedrawsTheLineTyped() {
        var s = newWizard()
        let memo = FrameMemo(theme: .default)
        _ = s.handle(.tab); _ = s.handle(.tab); _ = s.handle(.tab)
        XCTAssertEqual(s.focused, .description)
        s.type("Creates, sends and tracks the invoices of Contoso customers, with reminders")
        let changed = rowsRedrawn(typing: "x", into: &s, memo)
        XCTAssertEqual(changed.count, 1, "rows drawn again: \(changed)")
        // Lines enough to scroll the box, the caret moved about, each frame against a whole one.
        for piece in [" and overdue notices sent by mail", " to the customer's billing contact", " every week."] {
            s.type(piece)
            assertSame(s, memo, "after \"\(piece)\"")
        }
        XCTAssertTrue(Renderer.render(s).text.contains("…"), "the box marks text cut off")
        for key in [Key.left, .left, .left, .char("Q"), .right, .home, .right, .end, .backspace, .ctrl("u"), .char("A")] {
            _ = s.handle(key)
            assertSame(s, memo, "after \(key)")
        }
    }

    /// Draws `s` from the last frame and whole, and asserts they agree.
    func assertSame(_ s: WizardState, _ memo: FrameMemo, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let fromLast = Renderer.render(s, memo: memo)
        let whole = Renderer.render(s)
        XCTAssertEqual(fromLast, whole, "\(what):\n\(fromLast.text)\n--- whole:\n\(whole.text)", file: file, line: line)
    }

    /// End after Tab back into a filled field drops its selection.
    func testASelectionDropped() {
        var s = newWizard()
        let memo = FrameMemo(theme: .default)
        s.type("Contoso")
        s.press(.tab, .backTab)
        XCTAssertEqual(s.selectedField, .title)
        assertSame(s, memo, "selected")
        s.press(.end)
        XCTAssertNil(s.selectedField)
        assertSame(s, memo, "selection dropped")
    }

    /// A finding added below the last row in view changes only that row's scroll mark.
    func testAScrollMarkAloneChanges() {
        // 13 rows of General fill a form 13 rows high exactly: no mark.
        var s = newWizard(height: 18)
        let memo = FrameMemo(theme: .default)
        XCTAssertEqual(FormLayout.of(s, tab: .general, width: 80).rows.count, s.formViewportHeight)
        assertSame(s, memo, "no mark")
        s.diagnostics = [Diagnostic(.basePath, .warning, "A warning under the last field.")]
        s.touched.insert(.basePath)
        XCTAssertTrue(Renderer.render(s).lines[3 + s.formViewportHeight - 1].hasSuffix("↓ "))
        assertSame(s, memo, "a mark below")
    }

    /// Tab into a filled field selects its value and leaves its caret at the end: the row
    /// changes only by the selection.
    func testASelectionAloneChanges() {
        var s = newWizard()
        let memo = FrameMemo(theme: .default)
        s.type("Contoso")
        s.caret[.title] = nil
        assertSame(s, memo, "not selected")
        s.selectedField = .title
        assertSame(s, memo, "selected")
    }

    /// A redirect URL of another mode written as "(none)" reads like one that is missing, but
    /// only the missing one is shown muted.
    func testARedirectURLThatIsMissingOrSaysNone() {
        var s = newWizard()
        s.draft.authKind = .oauth2
        _ = s.handle(.alt("2"))
        let memo = FrameMemo(theme: .default)
        s.draft.redirect = .other(mode: "Direct", url: "(none)")
        assertSame(s, memo, "says none")
        s.draft.redirect = .other(mode: "Direct", url: nil)
        XCTAssertTrue(Renderer.render(s).text.contains("(none)"))
        assertSame(s, memo, "missing")
    }

    /// A client secret typed in is drawn masked, and the memo keeps its length, not the secret.
    func testTheMemoKeepsNoSecret() {
        var s = newWizard()
        s.draft.authKind = .oauth2
        _ = s.handle(.alt("2"))
        s.focusField(.oauthClientSecret)
        s.type("SuperSecret-4711")
        let memo = FrameMemo(theme: .default)
        let frame = Renderer.render(s, memo: memo)
        XCTAssertTrue(frame.text.contains(String(repeating: "•", count: 16)), frame.text)
        XCTAssertFalse("\(memo.rows)".contains("SuperSecret"))
        XCTAssertFalse(frame.text.contains("SuperSecret"))
    }
}
