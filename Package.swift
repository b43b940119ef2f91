// swift-tools-version:6.0
import PackageDescription

// One settings list for every target, as Hummingbird does.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    // Release builds optimise across our modules: the small byte and string helpers of
    // Diagnostics and Notes are inlined where the parse calls them, as if they were one module.
    // It took 2% off the check's instructions and 1% off the build's (callgrind, 2,000 notes).
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
    // Release builds leave out the run-time checks of exclusive access (debug builds, which
    // run the tests, keep them). Whether the optimiser could drop them for a class's stored
    // properties changed with unrelated edits elsewhere in a module: streaming the graph files
    // put `swift_beginAccess` back into every template op and every append of the exports,
    // 185 M instructions (4 %) of a 2,000-note build.
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
    // The release executable carries the Swift runtime and Foundation (see its linker settings);
    // compiling with the flag makes each module ask for the static libraries' own dependencies.
    .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "notegraph",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "notegraph", targets: ["notegraph"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // Debian's libcmark-gfm(-extensions); the module map exposes the public headers only.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Debian's jemalloc, linked into the executable on Linux in place of glibc's malloc.
        .systemLibrary(
            name: "CJemalloc",
            pkgConfig: "jemalloc",
            providers: [.apt(["libjemalloc-dev"])]
        ),
        // The options jemalloc reads as the process starts (`malloc_conf`): huge pages.
        .target(name: "CJemallocOptions"),
        // The per-thread bump arena cmark-gfm allocates from while it parses a note (C: the
        // functions of a `cmark_mem` carry no context, so they find the arena thread-locally).
        .target(name: "CParseArena"),
        .target(name: "Diagnostics", swiftSettings: swiftSettings),
        // TeX math to MathML Core, pure Swift, no dependencies.
        .target(name: "TeXMath", swiftSettings: swiftSettings),
        .target(name: "Markdown", dependencies: ["CCmarkGFM", "CParseArena", "Diagnostics"], swiftSettings: swiftSettings),
        .target(
            name: "Notes",
            dependencies: ["Diagnostics", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(name: "KnowledgeGraph", swiftSettings: swiftSettings),
        .target(name: "Linker", dependencies: ["Markdown", "Notes", "Diagnostics", "KnowledgeGraph"], swiftSettings: swiftSettings),
        .target(name: "GraphExport", dependencies: ["KnowledgeGraph", "Diagnostics"], swiftSettings: swiftSettings),
        // The site's search index: each note's text by section, written for the search box's script.
        .target(name: "SearchIndex", dependencies: ["Markdown", "Diagnostics"], swiftSettings: swiftSettings),
        .target(name: "LinkCheck", dependencies: ["Linker", "Markdown", "Notes", "Diagnostics"], swiftSettings: swiftSettings),
        .target(
            name: "SiteGenerator",
            dependencies: ["Markdown", "Notes", "Linker", "SearchIndex", "Diagnostics"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "NoteGraph",
            dependencies: ["Markdown", "Notes", "Linker", "KnowledgeGraph", "GraphExport", "LinkCheck", "SiteGenerator", "SearchIndex", "TeXMath", "Diagnostics", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "notegraph",
            dependencies: [
                "NoteGraph", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .target(name: "CJemalloc", condition: .when(platforms: [.linux])),
                .target(name: "CJemallocOptions", condition: .when(platforms: [.linux])),
            ],
            swiftSettings: swiftSettings,
            // The release executable carries the Swift runtime and Foundation inside it: the
            // dynamic linker then binds a handful of libraries at start-up instead of the Swift
            // ones too (an empty `check` started in 23 ms instead of 34). Linking the static
            // FoundationNetworking needs libcurl's development link (libcurl4-openssl-dev).
            linkerSettings: [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))]
        ),
        // The seeded generator the tests of several modules share.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "MarkdownTests", dependencies: ["Markdown", "CParseArena", "TestSupport"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "TeXMathTests", dependencies: ["TeXMath"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "NotesTests", dependencies: ["Notes", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinkerTests", dependencies: ["Linker", "Markdown", "Notes", "KnowledgeGraph", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "KnowledgeGraphTests", dependencies: ["KnowledgeGraph", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "GraphExportTests", dependencies: ["GraphExport", "KnowledgeGraph", "TestSupport"], exclude: ["Golden"], swiftSettings: swiftSettings),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "Markdown", "Diagnostics", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "LinkCheckTests", dependencies: ["LinkCheck", "Linker", "Markdown", "Notes", "Diagnostics"], swiftSettings: swiftSettings),
        // swift-mustache is the reference the template engine is compared with, in tests only.
        .testTarget(
            name: "SiteGeneratorTests",
            dependencies: ["SiteGenerator", "SearchIndex", "Linker", "Markdown", "Notes", "TestSupport", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Golden", "Search"], swiftSettings: swiftSettings
        ),
        .testTarget(name: "NoteGraphTests", dependencies: ["NoteGraph"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["NoteGraph", "Notes", "Diagnostics", "KnowledgeGraph", "SearchIndex"],
            swiftSettings: swiftSettings
        ),
    ]
)
