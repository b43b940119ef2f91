import Diagnostics

extension Permalink {
    /// A page or file that many pages link to, with its segments percent-encoded once and its
    /// links from the kinds of page that link it most made beforehand.
    ///
    /// `relativeHref` encodes the target byte by byte on every call, and the same targets come
    /// back page after page: every concept page links a dozen notes and related concepts, every
    /// note page its concepts. A link is the climb out of the linking page's folders that the
    /// target does not share, then the target's segments after the shared ones, then
    /// `index.html` and the fragment: it depends on the page only through how many folders the
    /// two share and how many the page has beyond them (its `Shape`). Here only the shared
    /// folders are counted per link; a link of a prepared shape is the String made beforehand
    /// (making a String, not encoding, is most of a link's cost), any other is written from the
    /// segments encoded once. `href(from:fragment:directoryIndex:)` gives exactly the bytes
    /// `relativeHref` gives (the tests compare the two on Korean, percent-encoded, nested, root
    /// and file permalinks, prepared and not).
    ///
    /// A class: targets are held in tables and handed around by the ten thousand, and a copy
    /// of a struct of five arrays and strings retained each of them.
    public final class HrefTarget: Sendable {
        /// How a page stands to a target: the folders they share, and the page's folders below
        /// those (each one a `../`).
        public struct Shape: Sendable, Hashable {
            public var shared: Int
            public var climb: Int

            public init(shared: Int, climb: Int) {
                self.shared = shared
                self.climb = climb
            }
        }

        public let permalink: Permalink
        private let parts: Parts
        /// `Permalink.firstFolderPrint` of the target's first folder (0 when it has none).
        private let firstFolder: UInt64
        /// Links without a fragment made beforehand for pages of these shapes, with or without
        /// `index.html` as `preparedDirectoryIndex` says, by the writer every other link takes.
        /// Shapes apart from their Strings: a lookup reads plain numbers.
        private let preparedShapes: [Shape]
        private let preparedHrefs: [String]
        private let preparedDirectoryIndex: Bool

        /// The target `permalink`, its links from pages of the shapes in `shapes` made now, with
        /// or without `index.html` as `directoryIndex` says.
        public init(_ permalink: Permalink, preparing shapes: [Shape] = [], directoryIndex: Bool = true) {
            self.permalink = permalink
            let parts = Parts(permalink)
            self.parts = parts
            firstFolder = parts.folders == 0 ? 0 : permalink.path.withUTF8Bytes { Permalink.firstFolderPrint($0) }
            preparedDirectoryIndex = directoryIndex
            // Only shapes a page can have: sharing no more folders than the target has.
            var preparedShapes: [Shape] = [], preparedHrefs: [String] = []
            preparedShapes.reserveCapacity(shapes.count)
            preparedHrefs.reserveCapacity(shapes.count)
            for shape in shapes where shape.shared >= 0 && shape.shared <= parts.folders && shape.climb >= 0 && !preparedShapes.contains(shape) {
                if let href = parts.write(shared: shape.shared, climb: shape.climb, fragment: nil, directoryIndex: directoryIndex) {
                    preparedShapes.append(shape)
                    preparedHrefs.append(href)
                }
            }
            self.preparedShapes = preparedShapes
            self.preparedHrefs = preparedHrefs
        }

        /// `permalink.relativeHref(from: origin.page, fragment: fragment, directoryIndex:
        /// directoryIndex)`, byte for byte.
        public func href(from origin: HrefOrigin, fragment: String? = nil, directoryIndex: Bool = true) -> String {
            let shape = shape(from: origin)
            let shared = shape.shared, climb = shape.climb
            // An empty fragment is no fragment there too.
            if directoryIndex == preparedDirectoryIndex, fragment?.isEmpty ?? true {
                var i = 0
                while i < preparedShapes.count {
                    if preparedShapes[i].shared == shared, preparedShapes[i].climb == climb { return preparedHrefs[i] }
                    i += 1
                }
            }
            return parts.write(shared: shared, climb: climb, fragment: fragment, directoryIndex: directoryIndex)
                ?? permalink.relativeHref(from: origin.page, fragment: fragment, directoryIndex: directoryIndex)
        }

        /// How the page at `origin` stands to this target: the one thing besides the fragment
        /// and `directoryIndex` that its link from there depends on. Pages of one shape get
        /// the same link, so what is made of the links alone can be shared between them
        /// (`SiteModel.common`, the navigation of every page).
        ///
        /// Most pages share no folder with most targets they link (a concept page and a note,
        /// notes in two folders): their first folders' prints differ, which settles it without
        /// reading the two paths, each a String to open (a short one copied out first).
        @inline(__always)
        public func shape(from origin: HrefOrigin) -> Shape {
            let folders = parts.folders
            guard origin.folders > 0, folders > 0, origin.firstFolder == firstFolder else {
                return Shape(shared: 0, climb: origin.folders)
            }
            let shared = origin.page.path.withUTF8Bytes { from in
                permalink.path.withUTF8Bytes { to in Self.sharedFolders(from, origin.folders, to, folders) }
            }
            return Shape(shared: shared, climb: origin.folders - shared)
        }

        /// How many leading folders the two paths share, up to `fromFolders` and `toFolders`:
        /// `relativeHref`'s count (non-empty `/`-separated segments, equal byte for byte), in
        /// one walk over both.
        static func sharedFolders(_ from: UnsafeBufferPointer<UInt8>, _ fromFolders: Int,
                                  _ to: UnsafeBufferPointer<UInt8>, _ toFolders: Int) -> Int {
            var common = 0, i = 0, j = 0
            while common < fromFolders, common < toFolders {
                while i < from.count, from[i] == 0x2F { i += 1 }
                while j < to.count, to[j] == 0x2F { j += 1 }
                // Equal bytes up to the end of either segment; equal segments end together.
                while i < from.count, j < to.count, from[i] != 0x2F, from[i] == to[j] {
                    i += 1
                    j += 1
                }
                let fromEnds = i == from.count || from[i] == 0x2F
                let toEnds = j == to.count || to[j] == 0x2F
                guard fromEnds, toEnds else { break }
                common += 1
            }
            return common
        }

        /// The target's segments encoded, and the writer of its links from them.
        private struct Parts: Sendable {
            /// The segments, each encoded as `relativeHref` encodes it, joined by `/`. An
            /// encoded segment holds no `/` (it becomes `%2F`), so the `/`s here are the joins.
            let encoded: [UInt8]
            /// How many segments there are.
            let segments: Int
            let isPage: Bool
            /// How many folders a page can share with the target: its segments for a page, all
            /// but the file name for a file (as `relativeHref` counts them).
            let folders: Int

            init(_ permalink: Permalink) {
                isPage = permalink.isPage
                var segments = 0
                // Written into room for every byte as `%XX`, the table read once.
                let safe = Permalink.segmentSafe
                encoded = permalink.path.withUTF8Bytes { bytes in
                    [UInt8](unsafeUninitializedCapacity: 3 * bytes.count) { out, n in
                        n = 0
                        var parts = Segments(bytes)
                        while let segment = parts.next() {
                            if segments > 0 {
                                out[n] = 0x2F
                                n += 1
                            }
                            segments += 1
                            for byte in bytes[segment] {
                                Permalink.encode(byte, keeping: safe) {
                                    out[n] = $0
                                    n += 1
                                }
                            }
                        }
                    }
                }
                self.segments = segments
                folders = isPage ? segments : max(segments - 1, 0)
            }

            /// Where the segments after the first `shared` start in `encoded`: just after the
            /// `shared`-th `/`, or at the end when none is left.
            func tail(after shared: Int) -> Int {
                if shared == 0 { return 0 }
                if shared >= segments { return encoded.count }
                var joins = 0, i = 0
                while i < encoded.count {
                    if encoded[i] == 0x2F {
                        joins += 1
                        if joins == shared { return i + 1 }
                    }
                    i += 1
                }
                return encoded.count
            }

            /// The link from a page that shares `shared` folders with the target and has
            /// `climb` more; nil for a file with no segment left below the shared folders,
            /// which cannot be (a file keeps its name) but would be the general code's to write.
            func write(shared: Int, climb: Int, fragment: String?, directoryIndex: Bool) -> String? {
                let tail = tail(after: shared)
                let segmentsLeft = shared < segments
                guard isPage || segmentsLeft else { return nil }
                let fragmentBytes = fragment.map { $0.utf8.count } ?? 0
                let capacity = 3 * climb + (encoded.count - tail) + 12 + 3 * fragmentBytes + 1
                let isPage = isPage
                // Written through a pointer, with no function capturing the count: a local
                // `put` that did was called through closures (the fragment's bytes, the table,
                // `index.html`) and had every byte's write checked for exclusive access at run
                // time, most of a link's cost.
                return encoded.withUnsafeBufferPointer { encoded in
                    String(unsafeUninitializedCapacity: capacity) { out in
                        guard let start = out.baseAddress else { return 0 }
                        var p = start
                        // `relativeHref` writes `..` joined by `/`, then `/` before each
                        // segment and before `index.html`: the same as `../` per folder, then
                        // the segments joined by `/`, then a `/` only when segments were written.
                        for _ in 0..<climb {
                            p[0] = 0x2E; p[1] = 0x2E; p[2] = 0x2F                  // ../
                            p += 3
                        }
                        if tail < encoded.count, let source = encoded.baseAddress {
                            p.update(from: source + tail, count: encoded.count - tail)
                            p += encoded.count - tail
                        }
                        if isPage {
                            if segmentsLeft {
                                p[0] = 0x2F
                                p += 1
                            }
                            if directoryIndex {
                                let index = Self.indexHTML
                                p.update(from: index.utf8Start, count: index.utf8CodeUnitCount)
                                p += index.utf8CodeUnitCount
                            } else if climb == 0, !segmentsLeft {
                                p[0] = 0x2E; p[1] = 0x2F                           // ./
                                p += 2
                            }
                        }
                        if let fragment, !fragment.isEmpty {
                            p[0] = 0x23                                            // #
                            let at = p + 1
                            p = at + fragment.withUTF8Bytes { Self.putFragment($0, at: at) }
                        }
                        return p - start
                    }
                }
            }

            /// Writes `bytes` percent-encoded as `Permalink.encodeFragment` encodes them, at
            /// `out`, which has room for three bytes each; returns how many it wrote. The
            /// bytes read in place and the table once: through `fragment.utf8` and the shared
            /// `encode`, each byte of a heading id (three for a Korean letter) fetched the
            /// table and went through a closure.
            static func putFragment(_ bytes: UnsafeBufferPointer<UInt8>, at out: UnsafeMutablePointer<UInt8>) -> Int {
                Permalink.fragmentSafe.withUnsafeBufferPointer { safe in
                    var n = 0
                    for byte in bytes {
                        if safe[Int(byte)] {
                            out[n] = byte
                            n += 1
                        } else {
                            out[n] = 0x25                                          // %XX, as `encode` writes it
                            out[n + 1] = hexDigit(byte >> 4)
                            out[n + 2] = hexDigit(byte & 0xF)
                            n += 3
                        }
                    }
                    return n
                }
            }

            /// The uppercase hexadecimal digit of `value` (0...15), as `Permalink.hexDigits` has it.
            @inline(__always)
            static func hexDigit(_ value: UInt8) -> UInt8 {
                value < 10 ? 0x30 + value : 0x37 + value                           // 0-9, A-F
            }

            /// Read in place: iterating a String's UTF-8 costs several times more a byte.
            private static var indexHTML: StaticString { "index.html" }
        }
    }

    /// The linking side of `HrefTarget.href`: a page (or file) and its folders, counted once
    /// for all the links on it.
    public struct HrefOrigin: Sendable {
        public let page: Permalink
        /// The page's own folders: `a/b/` for a page, `a/` for a file `a/x.html`.
        public let folders: Int
        /// `Permalink.firstFolderPrint` of the page's first folder (0 when it has none).
        let firstFolder: UInt64

        public init(_ page: Permalink) {
            self.page = page
            var folders = 0
            let print = page.path.withUTF8Bytes { bytes in
                folders = Permalink.segmentCount(bytes)
                return Permalink.firstFolderPrint(bytes)
            }
            if !page.isPage, folders > 0 { folders -= 1 }
            self.folders = folders
            firstFolder = folders == 0 ? 0 : print
        }
    }
}

extension Permalink {
    /// A print of the path's first non-empty `/`-separated segment: its length (modulo 256) in
    /// the low byte, then its first seven bytes. Two segments with different prints differ, so
    /// a page and a target whose first folders' prints differ share no folder
    /// (`HrefTarget.shape(from:)`); equal prints (`lecture-01` and `lecture-02`) are checked on
    /// the bytes.
    static func firstFolderPrint(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var segments = Segments(bytes)
        guard let first = segments.next() else { return 0 }
        var print = UInt64(truncatingIfNeeded: first.count) & 0xFF
        var shift: UInt64 = 8
        for i in first.lowerBound..<min(first.upperBound, first.lowerBound + 7) {
            print |= UInt64(bytes[i]) << shift
            shift += 8
        }
        return print
    }
}
