#if canImport(CJemalloc)
internal import CJemalloc
#endif
#if canImport(CJemallocOptions)
internal import CJemallocOptions
#endif

/// The allocator this process runs on. On Linux notegraph links jemalloc, which replaces
/// glibc's malloc for the whole process (the Swift runtime and cmark-gfm included): a build
/// makes and frees millions of small strings and arrays on every core, where glibc's arenas
/// spend about a sixth of the CPU time (`scripts/bench`, README).
enum Allocator {
    /// "jemalloc 5.3.0-0-g…, thp never, 1 arena" when jemalloc is linked and answering (with
    /// its transparent-huge-page setting and arena count in effect: notegraph's own,
    /// `CJemallocOptions`, unless MALLOC_CONF says otherwise), else "system malloc".
    static var name: String {
        #if canImport(CJemalloc)
        if let version = option("version") {
            #if canImport(CJemallocOptions)
            _ = notegraph_jemalloc_options()  // keeps the options' object file in the link
            #endif
            let arenas = count("opt.narenas").map { $0 == 1 ? ", 1 arena" : ", \($0) arenas" } ?? ""
            return "jemalloc " + version + (option("opt.thp").map { ", thp " + $0 } ?? "") + arenas
        }
        #endif
        return "system malloc"
    }

    #if canImport(CJemalloc)
    private static func option(_ name: String) -> String? {
        var value: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl(name, &value, &size, nil, 0) == 0, let value else { return nil }
        return String(cString: value)
    }

    /// A count option (`unsigned` in jemalloc's mallctl interface).
    private static func count(_ name: String) -> UInt32? {
        var value: UInt32 = 0
        var size = MemoryLayout<UInt32>.size
        guard mallctl(name, &value, &size, nil, 0) == 0 else { return nil }
        return value
    }
    #endif
}
