// swift-tools-version:6.0
import PackageDescription

/// In the release build each function of the project's own targets gets a section of its own,
/// so that the link can place the hot ones side by side (see the connector-wizard target).
let releaseSections: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))]

let package = Package(
    name: "connector-wizard",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "connector-wizard", targets: ["connector-wizard"]),
        .library(name: "ConnectorKit", targets: ["ConnectorKit"]),
        // Reads a YAML API description for `new --from` and the wizard's Import (beside the
        // connector-wizard binary).
        .executable(name: "connector-wizard-yaml", targets: ["connector-wizard-yaml"]),
    ],
    dependencies: [
        // Subcommands, help and shell completions; it uses FoundationEssentials only, which keeps
        // start-up fast.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // YAML API descriptions (OpenAPI is written in YAML as often as in JSON): libyaml's
        // parser with a Swift tree. It imports Foundation, so only connector-wizard-yaml links it.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // ncursesw with wide characters, plus the shims Swift cannot import.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        // Finds where a JSON object ends by its brackets and quotes, 64 bytes at a time (SSE2):
        // the wizard's first look at a large swagger skips `paths` with it.
        .target(name: "CJSONScan"),
        // The domain: connector model, rules, redirect URL, the platform's files. No UI.
        .target(name: "ConnectorKit", dependencies: ["CJSONScan"], swiftSettings: releaseSections),
        // Sign-in and test calls on the wire: HTTP/1.1 over POSIX sockets, TLS through the
        // system's OpenSSL 3 loaded only when an https URL is called, the loopback redirect
        // listener and the browser. No Foundation, no libssl at link time: start-up stays fast.
        .target(name: "ConnectorNet", dependencies: ["ConnectorKit"], swiftSettings: releaseSections),
        // A connection being created: the live sign-in (loopback listener, PKCE, code exchange,
        // refresh) and test calls, with the clock, the HTTP transport and the browser injected.
        .target(name: "ConnectionSession", dependencies: ["ConnectorKit", "ConnectorNet", "WizardUI"], swiftSettings: releaseSections),
        // Plain mode (§7): the wizard and the connection prompt as line prompts, secrets read
        // without echo (restored on every way out), and the one writer of messages to stderr.
        .target(name: "PlainMode", dependencies: ["CommandReports", "ConnectorKit", "ConnectionSession", "WizardUI"], swiftSettings: releaseSections),
        // What the commands report: `show`'s view of a connector, `validate`'s report, and what
        // they read beside a connector folder.
        .target(name: "CommandReports", dependencies: ["ConnectorKit"], swiftSettings: releaseSections),
        // Pure UI: state, keys → actions → new state, rendering into a buffer of styled cells.
        .target(name: "WizardUI", dependencies: ["ConnectorKit"], resources: [.embedInCode("Themes")], swiftSettings: releaseSections),
        // The wizard and the connection prompt as full-screen programs for WizardUI's one loop,
        // with what they ask for carried out (save, sign-in, test calls, the clipboard).
        .target(name: "ScreenPrograms", dependencies: ["ConnectorKit", "ConnectionSession", "WizardUI"], swiftSettings: releaseSections),
        // A connector from an API description (OpenAPI 2.0, 3.0, 3.1; JSON, or YAML through
        // connector-wizard-yaml): the General and Security tabs, and 3.x converted to Swagger 2.0.
        .target(name: "OpenAPIImport", dependencies: ["ConnectorKit", "ConnectorNet"], swiftSettings: releaseSections),
        // YAML to JSON in a process of its own, started only to import a YAML description, so
        // that Yams and Foundation never load with the wizard.
        .executableTarget(name: "connector-wizard-yaml", dependencies: ["ConnectorKit", .product(name: "Yams", package: "Yams")]),
        // The only code that calls ncurses.
        .target(name: "TerminalBackend", dependencies: ["CNCurses", "WizardUI"], swiftSettings: releaseSections),
        .executableTarget(
            name: "connector-wizard",
            dependencies: [
                "CommandReports", "ConnectorKit", "ConnectorNet", "ConnectionSession", "OpenAPIImport", "PlainMode", "ScreenPrograms",
                "WizardUI", "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["StaticLink"],
            swiftSettings: releaseSections,
            // The release build (what the README runs) carries the Swift runtime inside it: the
            // dynamic loader then has a few C libraries to map and relocate instead of a dozen
            // Swift ones, which was a quarter of start-up. FoundationEssentials (through the
            // argument parser) needs its two companion archives named; swiftc's static link
            // arguments do not list them. The rest is what the loader still did at each start:
            // - StaticLink/libstdc++.so sends the runtime's `-lstdc++` to the static archive,
            //   so libstdc++.so (thousands of symbol relocations) is not loaded at all;
            //   StaticLink/libncursesw.so does the same for ncursesw and libtinfo, and
            //   `-static-libgcc` takes the unwinder from libgcc_eh.a instead of libgcc_s.so:
            //   three shared libraries fewer to map and bind (libc and libm remain);
            // - lld packs the 41,000 relative relocations of a position-independent binary into
            //   a few kilobytes (RELR), which the loader reads in one pass;
            // - no export of the program's own symbols: nothing looks them up, and the runtime's
            //   dladdr at start-up walked all of them;
            // - the functions a typed key runs lie side by side, then those of a start
            //   (StaticLink/hot-functions.txt, written by Benchmarks/hot_functions.py; each of
            //   the project's functions has a section of its own, `releaseSections`): a key after
            //   a pause reads about 100 pages of code instead of 190. A function renamed since the
            //   list was written is only left where it falls.
            linkerSettings: [
                .unsafeFlags(["-static-stdlib", "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims",
                              "-L", Context.packageDirectory + "/Sources/connector-wizard/StaticLink",
                              "-use-ld=lld", "-Xclang-linker", "-static-libgcc",
                              "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                              "-Xlinker", "--no-export-dynamic",
                              "-Xlinker", "--symbol-ordering-file=" + Context.packageDirectory
                                  + "/Sources/connector-wizard/StaticLink/hot-functions.txt",
                              "-Xlinker", "--no-warn-symbol-ordering"],
                             .when(configuration: .release)),
            ]
        ),
        // What several test targets share: the paths of ../shared, schema_check.py in one
        // long-lived Python process, checks of the files a command left.
        .target(name: "TestKit", path: "Tests/TestKit"),
        .testTarget(name: "ConnectorKitTests", dependencies: ["ConnectorKit", "TestKit"]),
        .testTarget(name: "ConnectorNetTests", dependencies: ["ConnectorNet", "ConnectorKit"],
                    exclude: ["test_server.py"]),
        .testTarget(name: "CommandReportsTests", dependencies: ["CommandReports", "ConnectorKit", "TestKit"]),
        .testTarget(name: "PlainModeTests", dependencies: ["PlainMode", "ConnectionSession", "ConnectorKit", "ConnectorNet", "TestKit"]),
        .testTarget(name: "ConnectionSessionTests", dependencies: ["ConnectionSession", "ConnectorKit", "ConnectorNet", "WizardUI"]),
        .testTarget(name: "ScreenProgramsTests", dependencies: ["ScreenPrograms", "ConnectionSession", "ConnectorKit", "ConnectorNet", "WizardUI"]),
        .testTarget(name: "WizardUITests", dependencies: ["WizardUI", "ConnectorKit"],
                    exclude: ["__Snapshots__"]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend", "WizardUI", "ConnectorKit"]),
        .testTarget(name: "OpenAPIImportTests", dependencies: ["OpenAPIImport", "ConnectorKit", "connector-wizard-yaml", "TestKit"]),
        .testTarget(name: "EndToEndTests", dependencies: ["connector-wizard", "connector-wizard-yaml", "ConnectorNet", "TestKit"]),
    ]
)
