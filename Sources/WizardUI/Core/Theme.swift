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

        /// The names theme files use for the glyphs.
        public static let names = ["checkboxOn", "checkboxOff", "choiceLeft", "choiceRight", "dropdown", "mask",
                                   "focusMarker", "error", "warning", "dirty", "swatch", "rule"]

        /// The glyph a theme file names `name`; nil for a name that is not a glyph. (A switch,
        /// not a table of key paths: key paths are built at run time, on the way to the first
        /// frame.)
        public subscript(named name: String) -> String? {
            get { var copy = self; return copy.access(name) { $0 } }
            set { if let newValue { _ = access(name) { $0 = newValue } } }
        }

        private mutating func access<R>(_ name: String, _ body: (inout String) -> R) -> R? {
            switch name {
            case "checkboxOn": body(&checkboxOn)
            case "checkboxOff": body(&checkboxOff)
            case "choiceLeft": body(&choiceLeft)
            case "choiceRight": body(&choiceRight)
            case "dropdown": body(&dropdown)
            case "mask": body(&mask)
            case "focusMarker": body(&focusMarker)
            case "error": body(&error)
            case "warning": body(&warning)
            case "dirty": body(&dirty)
            case "swatch": body(&swatch)
            case "rule": body(&rule)
            default: nil
            }
        }
    }

    /// One line about the theme, for `themes`.
    public var summary = ""

    /// Every role at the terminal's own colour: what a theme file builds on for the default
    /// theme, and what the wizard draws with when colour is off.
    public static let base = Theme(
        name: "base", background: .terminalDefault, surface: .terminalDefault, text: .terminalDefault,
        muted: .terminalDefault, primary: .terminalDefault, onPrimary: .terminalDefault, accent: .terminalDefault,
        focus: .terminalDefault, error: .terminalDefault, warning: .terminalDefault, success: .terminalDefault,
        border: .terminalDefault, selection: .terminalDefault, editable: .terminalDefault, readOnly: .terminalDefault,
        glyphs: Glyphs())

    /// `Themes/default.json`: light, like the Power Platform's own wizard.
    public static let `default`: Theme = (try? ThemeCatalog.parse(PackageResources.default_json, file: "Themes/default.json",
                                                                  base: .base)) ?? .base

    /// The theme with every colour removed (NO_COLOR, or a terminal without colours); its glyphs
    /// stay, and focus and errors are marked with bold, underline and reverse.
    public var withoutColor: Theme {
        var t = Theme.base
        t.name = name
        t.summary = summary
        t.glyphs = glyphs
        return t
    }

    /// A theme with no colour at all marks inputs, focus and the header with attributes.
    /// Each role compared in turn: asked for at every frame, where comparing with `withoutColor`
    /// costs ten times as much. (A test sets each role of `roleNames` alone and checks this.)
    public var isMonochrome: Bool {
        let none = TermColor.terminalDefault
        return background == none && surface == none && text == none && muted == none && primary == none
            && onPrimary == none && accent == none && focus == none && error == none && warning == none
            && success == none && border == none && selection == none && editable == none && readOnly == none
    }

    /// The colour roles by the names theme files use.
    public static let roleNames = ["background", "surface", "text", "muted", "primary", "onPrimary", "accent", "focus",
                                   "error", "warning", "success", "border", "selection", "editable", "readOnly"]

    /// The colour of the role a theme file names `name`; nil for a name that is not a role.
    /// (A switch, not a table of key paths: key paths are built at run time, on the way to the
    /// first frame.)
    public subscript(role name: String) -> TermColor? {
        get { var copy = self; return copy.access(role: name) { $0 } }
        set { if let newValue { _ = access(role: name) { $0 = newValue } } }
    }

    private mutating func access<R>(role name: String, _ body: (inout TermColor) -> R) -> R? {
        switch name {
        case "background": body(&background)
        case "surface": body(&surface)
        case "text": body(&text)
        case "muted": body(&muted)
        case "primary": body(&primary)
        case "onPrimary": body(&onPrimary)
        case "accent": body(&accent)
        case "focus": body(&focus)
        case "error": body(&error)
        case "warning": body(&warning)
        case "success": body(&success)
        case "border": body(&border)
        case "selection": body(&selection)
        case "editable": body(&editable)
        case "readOnly": body(&readOnly)
        default: nil
        }
    }

    // Derived styles.
    public var page: CellStyle { CellStyle(fg: text, bg: background) }
    public var header: CellStyle { CellStyle(fg: onPrimary, bg: primary, attrs: isMonochrome ? [.bold, .reverse] : .bold) }
    public var tabActive: CellStyle { CellStyle(fg: primary, bg: background, attrs: [.bold, .underline]) }
    public var tabInactive: CellStyle { CellStyle(fg: muted, bg: background) }
    public var label: CellStyle { CellStyle(fg: text, bg: background) }
    public var labelFocused: CellStyle { CellStyle(fg: focus, bg: background, attrs: .bold) }
    public var heading: CellStyle { CellStyle(fg: text, bg: background, attrs: .bold) }
    public var note: CellStyle { CellStyle(fg: muted, bg: background) }
    /// An input box that its colour alone does not set apart from the page (no colour at all,
    /// or a high-contrast black on black) is an underlined run of cells.
    public var input: CellStyle { CellStyle(fg: text, bg: editable, attrs: editable == background ? .underline : []) }
    /// Focused inputs are also underlined (reversed where no colour sets them apart), so focus
    /// always shows.
    public var inputFocused: CellStyle {
        CellStyle(fg: text, bg: selection, attrs: isMonochrome || selection == background ? .reverse : .underline)
    }
    /// A selected value in a text box (Tab into a filled field): the colours of a browser's
    /// selection; without colour, the reverse of the focused box.
    public var textSelected: CellStyle {
        isMonochrome || primary == selection ? CellStyle(fg: text, bg: background, attrs: [.bold, .underline])
            : CellStyle(fg: onPrimary, bg: primary)
    }
    public var placeholder: CellStyle {
        CellStyle(fg: muted, bg: editable, attrs: isMonochrome ? [.underline, .dim] : editable == background ? .underline : [])
    }
    public var readOnlyValue: CellStyle { CellStyle(fg: text, bg: readOnly) }
    public var errorText: CellStyle { CellStyle(fg: error, bg: background, attrs: .bold) }
    public var warningText: CellStyle { CellStyle(fg: warning, bg: background) }
    public var successText: CellStyle { CellStyle(fg: success, bg: background, attrs: .bold) }
    public var rule: CellStyle { CellStyle(fg: border, bg: background) }
    public var statusBar: CellStyle { CellStyle(fg: text, bg: surface, attrs: isMonochrome ? .reverse : []) }
    public var hintKey: CellStyle { CellStyle(fg: primary, bg: surface, attrs: .bold) }
    public var hintText: CellStyle { CellStyle(fg: muted, bg: surface) }
    public var dialog: CellStyle { CellStyle(fg: text, bg: surface) }
    public var dialogBorder: CellStyle { CellStyle(fg: primary, bg: surface) }
    public var dialogTitle: CellStyle { CellStyle(fg: primary, bg: surface, attrs: .bold) }
    public var button: CellStyle { CellStyle(fg: text, bg: editable) }
    public var buttonFocused: CellStyle {
        CellStyle(fg: onPrimary, bg: primary, attrs: isMonochrome ? [.bold, .reverse] : [.bold, .underline])
    }
}
