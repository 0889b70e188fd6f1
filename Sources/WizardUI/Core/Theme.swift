/// The look of the wizard as a few semantic roles, from which every style on screen is derived.
/// Widgets ask for a role ("the focused input"), never for a colour, so a theme is data.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var background: TermColor
    public var surface: TermColor
    public var text: TermColor
    public var muted: TermColor
    public var primary: TermColor
    /// Text drawn on `primary` (the header bar, buttons).
    public var onPrimary: TermColor
    public var accent: TermColor
    public var focus: TermColor
    public var error: TermColor
    public var warning: TermColor
    public var success: TermColor
    public var border: TermColor
    public var selection: TermColor
    public var editable: TermColor
    public var readOnly: TermColor
    public var glyphs: Glyphs

    public struct Glyphs: Equatable, Sendable {
        public var checkboxOn = "☑"
        public var checkboxOff = "☐"
        public var choiceLeft = "◀"
        public var choiceRight = "▶"
        public var dropdown = "▾"
        public var mask = "•"
        public var focusMarker = "›"
        public var error = "✗"
        public var warning = "!"
        public var dirty = "●"
        public var swatch = "██"
        public var rule = "─"
        public init() {}
    }

    /// Light, like the Power Platform's own wizard: white page, Fluent blue, grey input boxes.
    public static let `default` = Theme(
        name: "default",
        background: .rgb(RGB(0xFF, 0xFF, 0xFF)),
        surface: .rgb(RGB(0xF3, 0xF2, 0xF1)),
        text: .rgb(RGB(0x32, 0x31, 0x30)),
        muted: .rgb(RGB(0x60, 0x5E, 0x5C)),
        primary: .rgb(RGB(0x00, 0x78, 0xD4)),
        onPrimary: .rgb(RGB(0xFF, 0xFF, 0xFF)),
        accent: .rgb(RGB(0x74, 0x27, 0x74)),
        focus: .rgb(RGB(0x00, 0x5A, 0x9E)),
        error: .rgb(RGB(0xA4, 0x26, 0x2C)),
        warning: .rgb(RGB(0x8A, 0x5A, 0x00)),
        success: .rgb(RGB(0x10, 0x7C, 0x10)),
        border: .rgb(RGB(0x8A, 0x88, 0x86)),
        selection: .rgb(RGB(0xC7, 0xE0, 0xF4)),
        editable: .rgb(RGB(0xED, 0xEB, 0xE9)),
        readOnly: .rgb(RGB(0xF8, 0xF8, 0xF8)),
        glyphs: Glyphs()
    )

    // Derived styles.
    public var page: CellStyle { CellStyle(fg: text, bg: background) }
    public var header: CellStyle { CellStyle(fg: onPrimary, bg: primary, attrs: .bold) }
    public var tabActive: CellStyle { CellStyle(fg: primary, bg: background, attrs: [.bold, .underline]) }
    public var tabInactive: CellStyle { CellStyle(fg: muted, bg: background) }
    public var label: CellStyle { CellStyle(fg: text, bg: background) }
    public var labelFocused: CellStyle { CellStyle(fg: focus, bg: background, attrs: .bold) }
    public var heading: CellStyle { CellStyle(fg: text, bg: background, attrs: .bold) }
    public var note: CellStyle { CellStyle(fg: muted, bg: background) }
    public var input: CellStyle { CellStyle(fg: text, bg: editable) }
    /// Focused inputs are also underlined, so focus shows without colour.
    public var inputFocused: CellStyle { CellStyle(fg: text, bg: selection, attrs: .underline) }
    public var placeholder: CellStyle { CellStyle(fg: muted, bg: editable) }
    public var readOnlyValue: CellStyle { CellStyle(fg: text, bg: readOnly) }
    public var errorText: CellStyle { CellStyle(fg: error, bg: background, attrs: .bold) }
    public var warningText: CellStyle { CellStyle(fg: warning, bg: background) }
    public var successText: CellStyle { CellStyle(fg: success, bg: background, attrs: .bold) }
    public var rule: CellStyle { CellStyle(fg: border, bg: background) }
    public var statusBar: CellStyle { CellStyle(fg: text, bg: surface) }
    public var hintKey: CellStyle { CellStyle(fg: primary, bg: surface, attrs: .bold) }
    public var hintText: CellStyle { CellStyle(fg: muted, bg: surface) }
    public var dialog: CellStyle { CellStyle(fg: text, bg: surface) }
    public var dialogBorder: CellStyle { CellStyle(fg: primary, bg: surface) }
    public var dialogTitle: CellStyle { CellStyle(fg: primary, bg: surface, attrs: .bold) }
    public var button: CellStyle { CellStyle(fg: text, bg: editable) }
    public var buttonFocused: CellStyle { CellStyle(fg: onPrimary, bg: primary, attrs: [.bold, .underline]) }
}
