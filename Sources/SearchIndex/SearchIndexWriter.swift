import Diagnostics

/// The search index as the site's script loads it: `search-index.js`, a script that hands the
/// entries to `window.notegraphSearchIndex`. A script rather than a JSON file because a page
/// opened from disk (`file://`) may add a script but may not fetch a file beside it.
///
/// ```
/// window.notegraphSearchIndex = {"version":1,"mode":"full","documents":[
/// {"k":"note","t":"VAE","u":"dl/vae/index.html","f":"dl","g":["vae"],"a":["Variational Autoencoder"],"s":[["","","…"],["ELBO","elbo","…"]]},
/// …
/// ]};
/// ```
///
/// `k` kind, `t` title, `u` href from the site root, `f` folder, `g` tags, `a` aliases, `s`
/// sections as `[heading, fragment, text]`. One entry a line, in the order given, so the same
/// site gives the same bytes and a diff of two builds reads entry by entry.
public enum SearchIndexWriter {
    public static let fileName = "search-index.js"
    public static let version = 1

    /// The whole index in memory: what `Stream` writes, in one array.
    public static func write(_ documents: [SearchDocument], mode: SearchMode) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + documents.count * 96
                            + documents.reduce(0) { $0 + $1.sections.reduce(0) { $0 + $1.utf8Text.count + $1.heading.utf8.count } })
        header(mode: mode, into: &out)
        for (i, document) in documents.enumerated() {
            if i > 0 { out.append(contentsOf: ",\n".utf8) }
            entry(document, into: &out)
        }
        footer(afterEntries: !documents.isEmpty, into: &out)
        return out
    }

    /// The index written as its entries come, in batches, and handed on in pieces of about
    /// `pieceSize` bytes: a vault's index (49 MB of text for 10,000 notes) is never whole in
    /// memory, nor are its entries. Held whole, the entries and the file were a fifth of a big
    /// build's peak memory. The bytes are those of `write(_:mode:)` for the same entries.
    public struct Stream {
        private var out: [UInt8] = []
        private var entries = 0
        private let pieceSize: Int
        private let emit: (UnsafeRawBufferPointer) throws -> Void

        /// Starts the index: the header is written with the first piece.
        public init(mode: SearchMode, pieceSize: Int = 1 << 18, emit: @escaping (UnsafeRawBufferPointer) throws -> Void) {
            self.pieceSize = max(pieceSize, 1)
            self.emit = emit
            out.reserveCapacity(self.pieceSize + (1 << 12))
            SearchIndexWriter.header(mode: mode, into: &out)
        }

        /// Appends entries after those already written, handing on each full piece.
        public mutating func append(_ documents: [SearchDocument]) throws {
            for document in documents {
                if entries > 0 { out.append(contentsOf: ",\n".utf8) }
                SearchIndexWriter.entry(document, into: &out)
                entries += 1
                if out.count >= pieceSize { try flush() }
            }
        }

        /// Ends the index and hands on what is left.
        public mutating func finish() throws {
            SearchIndexWriter.footer(afterEntries: entries > 0, into: &out)
            try flush()
        }

        private mutating func flush() throws {
            guard !out.isEmpty else { return }
            try out.withUnsafeBytes { try emit($0) }
            out.removeAll(keepingCapacity: true)
        }
    }

    static func header(mode: SearchMode, into out: inout [UInt8]) {
        out.append(contentsOf: "window.notegraphSearchIndex = {\"version\":\(version),\"mode\":".utf8)
        string(mode.rawValue, into: &out)
        out.append(contentsOf: ",\"documents\":[\n".utf8)
    }

    /// The end of the index: the last entry's line ends before it.
    static func footer(afterEntries: Bool, into out: inout [UInt8]) {
        if afterEntries { out.append(UInt8(ascii: "\n")) }
        out.append(contentsOf: "]};\n".utf8)
    }

    /// One entry, without the separator between entries.
    static func entry(_ document: SearchDocument, into out: inout [UInt8]) {
        func key(_ name: String) { out.append(contentsOf: ",\"\(name)\":".utf8) }
        out.append(contentsOf: "{\"k\":".utf8)
        string(document.kind.rawValue, into: &out)
        key("t")
        string(document.title, into: &out)
        key("u")
        string(document.href, into: &out)
        // Parts a document may lack are left out, not written empty.
        if !document.folder.isEmpty {
            key("f")
            string(document.folder, into: &out)
        }
        for (name, strings) in [("g", document.tags), ("a", document.aliases)] where !strings.isEmpty {
            key(name)
            list(strings, into: &out)
        }
        if !document.sections.isEmpty {
            key("s")
            out.append(UInt8(ascii: "["))
            for (k, section) in document.sections.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                string(section.heading, into: &out)
                out.append(UInt8(ascii: ","))
                string(section.fragment, into: &out)
                out.append(UInt8(ascii: ","))
                if section.needsEscaping {
                    section.utf8Text.withUnsafeBufferPointer { string(utf8: $0, into: &out) }
                } else {
                    // Nothing to escape (`SearchText.Collector` noted it): copied whole.
                    out.append(UInt8(ascii: "\""))
                    out.append(contentsOf: section.utf8Text)
                    out.append(UInt8(ascii: "\""))
                }
                out.append(UInt8(ascii: "]"))
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }

    static func list(_ strings: [String], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        for (i, s) in strings.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(s, into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// `s` as a JSON string that is also a JavaScript string: control characters escaped, and
    /// U+2028 and U+2029, which end a line in older JavaScript.
    static func string(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { string(utf8: $0, into: &out) }
    }

    /// `string` of text already in UTF-8.
    static func string(utf8: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var start = 0
        var i = 0
        func flush(upTo end: Int) {
            if start < end { out.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<end])) }
        }
        while i < utf8.count {
            // Eight plain bytes at a time: most of a note's text needs no escape.
            if i &+ 8 <= utf8.count {
                let word = ByteWord.load(utf8, at: i)
                if ByteWord.bytes(below: 0x20, in: word) | ByteWord.bytes(equalTo: UInt8(ascii: "\""), in: word)
                    | ByteWord.bytes(equalTo: UInt8(ascii: "\\"), in: word) | ByteWord.bytes(equalTo: 0xE2, in: word) == 0 {
                    i &+= 8
                    continue
                }
            }
            let byte = utf8[i]
            if byte >= 0x20, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "\\"), byte != 0xE2 {
                i += 1
                continue
            }
            if byte == 0xE2 {
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other E2 sequences stay.
                if i + 2 < utf8.count, utf8[i + 1] == 0x80, utf8[i + 2] == 0xA8 || utf8[i + 2] == 0xA9 {
                    flush(upTo: i)
                    out.append(contentsOf: (utf8[i + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                    i += 3
                    start = i
                } else {
                    i += 1
                }
                continue
            }
            flush(upTo: i)
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case 0x0A: out.append(contentsOf: "\\n".utf8)
            case 0x09: out.append(contentsOf: "\\t".utf8)
            case 0x0D: out.append(contentsOf: "\\r".utf8)
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
            i += 1
            start = i
        }
        flush(upTo: utf8.count)
        out.append(UInt8(ascii: "\""))
    }
}
