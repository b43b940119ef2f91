#if canImport(CJemalloc)
internal import CJemalloc
#endif

/// The allocator this process runs on. On Linux notegraph links jemalloc, which replaces
/// glibc's malloc for the whole process (the Swift runtime and cmark-gfm included): a build
/// makes and frees millions of small strings and arrays on every core, where glibc's arenas
/// spend about a sixth of the CPU time (`scripts/bench`, README).
enum Allocator {
    /// "jemalloc 5.3.0-0-g…" when jemalloc is linked and answering, else "system malloc".
    static var name: String {
        #if canImport(CJemalloc)
        var version: UnsafePointer<CChar>?
        var size = MemoryLayout<UnsafePointer<CChar>?>.size
        if mallctl("version", &version, &size, nil, 0) == 0, let version {
            return "jemalloc " + String(cString: version)
        }
        #endif
        return "system malloc"
    }
}
