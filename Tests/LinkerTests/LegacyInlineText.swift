@testable import Linker
import Markdown
import Diagnostics

/// `InlineText` as it was before its text was decoded through a scratch buffer (eight ASCII
/// bytes at a time), kept as the reference the current one is compared with
/// (`ConceptMergeFastPathTests`).
struct LegacyInlineText {
    struct Run {
        var range: Range<Int>
        /// The link occurrence whose text this is, or nil for plain prose.
        var link: Int?
    }

    var scalars: [Unicode.Scalar] = []
    var runs: [Run] = []
    /// With `recordingTextNodes`: the scalars of each `.text` inline outside links, in the
    /// order a depth-first walk meets them, so a match can be traced back to the node holding
    /// it (`ConceptAutolinker` splits that node around the match).
    private(set) var textNodes: [Range<Int>] = []
    private let recordsTextNodes: Bool
    private var runStart: Int?
    private var runLink: Int?

    init(_ inlines: [Inline], document: MarkdownDocument, recordingTextNodes: Bool = false) {
        recordsTextNodes = recordingTextNodes
        scalars.reserveCapacity(128)
        collect(inlines, link: nil, document: document)
        close()
    }

    private mutating func open(link: Int?) {
        if runStart != nil, runLink == link { return }
        close()
        runStart = scalars.count
        runLink = link
    }

    private mutating func close() {
        if let start = runStart, start < scalars.count {
            runs.append(Run(range: start..<scalars.count, link: runLink))
        }
        runStart = nil
        runLink = nil
    }

    /// Appends the scalars of `text`, decoding its UTF-8 directly (the hot path of the mention
    /// scan); text that may not be NFC (decomposed Hangul from macOS) is normalised first.
    private mutating func append(_ text: String) {
        let mark = scalars.count
        let needsNFC: Bool = text.withUTF8Bytes { bytes in
            // Decoded into room made for one scalar per byte (the most there can be), then cut
            // to what was written: no capacity or uniqueness check per scalar.
            let n = bytes.count
            var written = 0
            var needsNFC = false
            scalars.append(contentsOf: repeatElement(Unicode.Scalar(0), count: n))
            scalars.withUnsafeMutableBufferPointer { all in
                let out = UnsafeMutableBufferPointer(rebasing: all[mark...])
                var i = 0
                while i < n {
                    let b = bytes[i]
                    let value: UInt32
                    if b < 0x80 {
                        value = UInt32(b)
                        i += 1
                    } else if b < 0xE0 {
                        if b == 0xCC || b == 0xCD || i + 1 >= n { needsNFC = true; return }
                        value = (UInt32(b & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                        i += 2
                    } else if b < 0xF0 {
                        guard i + 2 < n else { needsNFC = true; return }
                        if b == 0xE1 && bytes[i + 1] >= 0x84 && bytes[i + 1] <= 0x87 { needsNFC = true; return }
                        value = (UInt32(b & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
                        i += 3
                    } else {
                        guard i + 3 < n else { needsNFC = true; return }
                        value = (UInt32(b & 0x07) << 18) | (UInt32(bytes[i + 1] & 0x3F) << 12)
                            | (UInt32(bytes[i + 2] & 0x3F) << 6) | UInt32(bytes[i + 3] & 0x3F)
                        i += 4
                    }
                    out[written] = Unicode.Scalar(value)!
                    written += 1
                }
            }
            scalars.removeSubrange((mark + written)...)
            return needsNFC
        }
        guard needsNFC else { return }
        // Start this text again, normalised (rare: only text written in decomposed form).
        scalars.removeSubrange(mark...)
        scalars.append(contentsOf: text.nfc.unicodeScalars)
    }

    private mutating func collect(_ inlines: [Inline], link: Int?, document: MarkdownDocument) {
        for inline in inlines {
            switch inline {
            case .text(let t):
                open(link: link)
                let start = scalars.count
                append(t)
                if recordsTextNodes, link == nil { textNodes.append(start..<scalars.count) }
            case .softBreak, .lineBreak:
                open(link: link)
                scalars.append(" ")
            case .code(let t):
                close()
                scalars.append(contentsOf: t.unicodeScalars)
            case .html(let tag):
                close()
                if tag.lowercased().hasPrefix("<br") { scalars.append(" ") }
            case .emphasis(let c), .strong(let c), .strikethrough(let c):
                collect(c, link: link, document: document)
            case .link(let index, let c):
                close()
                if InlineText.isBareURL(c, link: index < document.links.count ? document.links[index] : nil) {
                    // An autolinked URL shows the URL itself: nothing in it is a mention.
                    scalars.append(contentsOf: PlainText.of(c, math: document.math, links: document.links).unicodeScalars)
                } else {
                    collect(c, link: index, document: document)
                    close()
                }
            case .image(_, let alt):
                close()
                scalars.append(contentsOf: PlainText.of(alt, math: document.math, links: document.links).unicodeScalars)
            case .wikiLink(let index):
                close()
                if index < document.links.count {
                    open(link: index)
                    scalars.append(contentsOf: document.links[index].displayText.unicodeScalars)
                    close()
                }
            case .math(let index):
                close()
                if index < document.math.count { scalars.append(contentsOf: document.math[index].tex.unicodeScalars) }
            case .footnoteReference:
                close()
            }
        }
    }
}

