import CCmarkGFM
import Foundation

/// cmark-gfm 0.29's table of the characters that open inline syntax is one table for the whole
/// process. Each `cmark_parser_finish` adds its extensions' characters (`~`, `w`, `:`, `|`)
/// before parsing inlines and removes them after, so two notes finishing at once could lose each
/// other's strikethrough and links: finishing was done one thread at a time, holding up every
/// other thread that reached it.
///
/// The library calls that add-and-remove through its exported symbol
/// `cmark_manage_extensions_special_characters`, which this executable defines too, so the
/// dynamic linker sends the library's calls here. A parse at start-up with every extension adds
/// their characters for good (`probe`); from then on adding again would change nothing, and
/// removing is what must not happen, so both are skipped: the table no longer changes while
/// notes are parsed, and finishing runs on every core. Every parser notegraph makes has a subset
/// of those extensions, so each still finds exactly the characters its extensions want (the
/// first, block-only pass reads no inlines at all).
///
/// Should the calls not arrive here (a linker that does not let the executable interpose), the
/// probe sees no call and `Cmark` keeps finishing one thread at a time.
enum CmarkSpecialCharacters {
    enum State { case untouched, probing, settled }

    /// Written only inside `probe`, which runs once (a `static let` initialiser) before any
    /// other parse: every later read happens after it.
    nonisolated(unsafe) static var state = State.untouched
    nonisolated(unsafe) static var calledDuringProbe = false

    typealias Manage = @convention(c) (OpaquePointer?, Int32) -> Void

    /// The library's own function, found past this executable (`RTLD_NEXT`).
    static let original: Manage? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "cmark_manage_extensions_special_characters") else {
            return nil
        }
        return unsafeBitCast(symbol, to: Manage.self)
    }()

    /// Parses a line with every extension of `names` while the calls are watched; true when they
    /// arrived here, which leaves the extensions' characters in the table for the process.
    static func probe(options: Int32, extensions names: [String]) -> Bool {
        guard original != nil, let parser = cmark_parser_new(options) else { return false }
        defer { cmark_parser_free(parser) }
        for name in names {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        state = .probing
        cmark_parser_feed(parser, "~~a~~ www.a.b | c", 17)
        if let root = cmark_parser_finish(parser) { cmark_node_free(root) }
        state = calledDuringProbe ? .settled : .untouched
        return calledDuringProbe
    }
}

/// The library's calls land here (see `CmarkSpecialCharacters`). Before the probe, it does what
/// the library's function does; during it, it adds but never removes; after it, nothing.
@_cdecl("cmark_manage_extensions_special_characters")
public func notegraphManageExtensionsSpecialCharacters(_ parser: OpaquePointer?, _ add: Int32) {
    switch CmarkSpecialCharacters.state {
    case .untouched:
        CmarkSpecialCharacters.original?(parser, add)
    case .probing:
        CmarkSpecialCharacters.calledDuringProbe = true
        if add != 0 { CmarkSpecialCharacters.original?(parser, add) }
    case .settled:
        return
    }
}
