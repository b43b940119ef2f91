import Diagnostics

/// What to do with a link when rendering; decided by the caller, who knows the other notes.
public enum LinkRewrite: Sendable, Hashable {
    /// Keep the destination as written (external URLs, mail addresses).
    case keep
    /// Point at `href` (already relative to the page being rendered). `label` replaces the text
    /// shown for a wikilink without a label; `cssClass` is added to the anchor.
    case href(String, cssClass: String? = nil, label: String? = nil)
    /// The target exists but is not published: show the text, link nothing, leak nothing.
    case plainText
    /// Nothing there: the text, marked broken, with the reason as a tooltip.
    case broken(reason: String)
}

/// What to do with an embed `![[…]]`.
public enum EmbedRewrite: Sendable, Hashable {
    /// An image file at `src` (relative to the page).
    case image(src: String)
    /// Another note's rendered body, inlined.
    case html(title: String, href: String?, body: String)
    /// A file that cannot be shown inline (a PDF): a link to it.
    case link(href: String)
    /// The embedded note is not published.
    case plainText
    case broken(reason: String)
}

/// The decisions a renderer asks for. Every closure is called at most once per occurrence.
public struct RenderHooks: Sendable {
    /// Called with the occurrence's index in `MarkdownDocument.links` and the occurrence.
    public var link: @Sendable (Int, LinkOccurrence) -> LinkRewrite
    public var embed: @Sendable (Int, LinkOccurrence) -> EmbedRewrite
    /// Called with the occurrence's index in `MarkdownDocument.math` and the occurrence.
    public var math: @Sendable (Int, MathOccurrence) -> String
    /// Called with each piece of raw HTML (an HTML block, an inline tag) before it is written:
    /// a site rewrites the `src` of its `<img>` tags, as it rewrites Markdown images, since a
    /// note's page does not sit in the note's folder. Nil: written as it is.
    public var rawHTML: (@Sendable (String) -> String)? = nil

    public init(link: @escaping @Sendable (Int, LinkOccurrence) -> LinkRewrite = { _, _ in .keep },
                embed: @escaping @Sendable (Int, LinkOccurrence) -> EmbedRewrite = { _, _ in .broken(reason: "embeds are not resolved") },
                math: @escaping @Sendable (Int, MathOccurrence) -> String = { HTMLRenderer.escapedTeX($1) }) {
        self.link = link
        self.embed = embed
        self.math = math
    }
}

/// Renders a `MarkdownDocument` to HTML. The output follows cmark-gfm's HTML where the two
/// overlap, with notegraph's additions: heading ids, math, wikilinks, embeds, callouts, and
/// tables wrapped for horizontal scrolling.
public struct HTMLRenderer {
    public let document: MarkdownDocument
    public let hooks: RenderHooks
    /// The first of `document.blocks` the body renders: 1 leaves out a note's `# Title`, which
    /// its page shows itself, without making the list of blocks again (`removeFirst` on the
    /// blocks a vault shares copied all the others, retaining each).
    public let firstBlock: Int
    /// Written before every id the body gives: its headings' (`summary`) and its footnotes'
    /// and their references' (`fn-1`, `fnref-1`). A page that shows several rendered pieces (a
    /// concept's definitions, each from its note; a note embedding others) gives each its own,
    /// so no two pieces share an id: each `↩` leads back to its own reference, and the page's
    /// own `#summary` is not taken by an embedded note's `## Summary` above it (a browser goes
    /// to the first element with the id). Empty for a note's body, whose page is its own.
    public var idPrefix = ""

    public init(document: MarkdownDocument, hooks: RenderHooks = RenderHooks(), firstBlock: Int = 0) {
        self.document = document
        self.hooks = hooks
        self.firstBlock = firstBlock
    }

    /// The default math output before a math engine is plugged in: the TeX, escaped.
    public static let escapedTeX: @Sendable (MathOccurrence) -> String = { escapedTeX($0.tex, display: $0.display) }

    /// A formula's TeX as escaped text in its math element.
    public static func escapedTeX(_ tex: String, display: Bool) -> String {
        display
            ? "<div class=\"math display\">" + HTML.escape(tex) + "</div>"
            : "<span class=\"math inline\">" + HTML.escape(tex) + "</span>"
    }

    /// The whole body.
    public func render() -> String {
        var out = HTMLOutput(reservingCapacity: 4096)
        renderBody(into: &out)
        return out.string
    }

    /// The whole body as UTF-8: the bytes of `render()`, for a caller that writes them into a
    /// page. Written as bytes throughout, they never become a string, which would be appended
    /// to piece by piece or checked for being UTF-8 (see `HTMLOutput`).
    public func renderUTF8() -> [UInt8] {
        var out = HTMLOutput(bytesReservingCapacity: 4096)
        renderBody(into: &out)
        return out.bytes
    }

    private func renderBody(into out: inout HTMLOutput) {
        var state = State()
        var definitions: [String: [Block]] = [:]
        for block in document.blocks[min(max(firstBlock, 0), document.blocks.count)...] {
            if case .footnoteDefinition(let label, let blocks) = block {
                definitions[label] = definitions[label] ?? blocks
            } else {
                renderBlock(block, tight: false, into: &out, state: &state)
            }
        }
        renderFootnotes(definitions, into: &out, state: &state)
    }

    /// Inline content on its own, for titles and TOC entries with markup or math in them.
    public func renderInlines(_ inlines: [Inline]) -> String {
        var state = State()
        var out = HTMLOutput()
        renderInlines(inlines, into: &out, state: &state)
        return out.string
    }

    /// Footnote numbering, kept while one document renders.
    struct State {
        var footnoteNumbers: [String: Int] = [:]
        var footnoteOrder: [String] = []
        var footnoteRefCounts: [String: Int] = [:]
    }

    // MARK: Blocks

    private func renderBlock(_ block: Block, tight: Bool, into out: inout HTMLOutput, state: inout State) {
        switch block {
        case .paragraph(let inlines):
            renderParagraph(inlines, wrap: !tight, into: &out, state: &state)
        case .heading(let level, let content, let id, _):
            out.write("<h")
            out.write(level)
            out.write(" id=\"")
            if !idPrefix.isEmpty { out.writeEscapedAttribute(idPrefix) }
            out.writeEscapedAttribute(id)
            out.write("\">")
            renderInlines(content, into: &out, state: &state)
            out.write("</h")
            out.write(level)
            out.write(">\n")
        case .blockQuote(let blocks):
            out.write("<blockquote>\n")
            for b in blocks { renderBlock(b, tight: false, into: &out, state: &state) }
            out.write("</blockquote>\n")
        case .callout(let callout):
            renderCallout(callout, into: &out, state: &state)
        case .list(let info, let items):
            if info.ordered {
                if info.start == 1 {
                    out.write("<ol>\n")
                } else {
                    out.write("<ol start=\"")
                    out.write(info.start)
                    out.write("\">\n")
                }
            } else {
                if items.contains(where: { $0.task != nil }) {
                    out.write("<ul class=\"contains-task-list\">\n")
                } else {
                    out.write("<ul>\n")
                }
            }
            for item in items {
                if let checked = item.task {
                    out.write("<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\"")
                    if checked { out.write(" checked=\"\"") }
                    out.write(" /> ")
                } else {
                    out.write("<li>")
                }
                for b in item.blocks {
                    if info.tight, isParagraph(b) {
                        if !out.hasSuffix(">") && !out.hasSuffix(" ") && !out.hasSuffix("\n") { out.write("\n") }
                        renderBlock(b, tight: true, into: &out, state: &state)
                    } else {
                        if !out.hasSuffix("\n") { out.write("\n") }
                        renderBlock(b, tight: false, into: &out, state: &state)
                    }
                }
                out.write("</li>\n")
            }
            if info.ordered {
                out.write("</ol>\n")
            } else {
                out.write("</ul>\n")
            }
        case .codeBlock(let info, let literal):
            let language = Self.language(ofInfo: info)
            if language.isEmpty {
                out.write("<pre><code>")
            } else {
                out.write("<pre><code class=\"language-")
                out.writeEscapedAttribute(language)
                out.write("\">")
            }
            out.writeEscaped(literal)
            out.write("</code></pre>\n")
        case .htmlBlock(let html):
            out.write(html: HTML.filterTags(hooks.rawHTML.map { $0(html) } ?? html))
        case .thematicBreak:
            out.write("<hr />\n")
        case .table(let alignments, let header, let rows):
            out.write("<div class=\"table-wrapper\">\n<table>\n<thead>\n<tr>\n")
            for (i, cell) in header.enumerated() {
                out.write("<th")
                out.write(alignAttribute(alignments, i))
                out.write(">")
                renderInlines(cell, into: &out, state: &state)
                out.write("</th>\n")
            }
            out.write("</tr>\n</thead>\n")
            if !rows.isEmpty {
                out.write("<tbody>\n")
                for row in rows {
                    out.write("<tr>\n")
                    for (i, cell) in row.enumerated() {
                        out.write("<td")
                        out.write(alignAttribute(alignments, i))
                        out.write(">")
                        renderInlines(cell, into: &out, state: &state)
                        out.write("</td>\n")
                    }
                    out.write("</tr>\n")
                }
                out.write("</tbody>\n")
            }
            out.write("</table>\n</div>\n")
        case .footnoteDefinition:
            break  // collected by `render()`
        }
    }

    /// The first word of a code block's info string, split at spaces and tabs as Characters
    /// (`info.split(whereSeparator:).first`, or empty). An ASCII string, nearly every one, is
    /// cut at its bytes (each byte a Character, a space or tab only itself) without making the
    /// array of every word; any other goes the Character way, where a space followed by a
    /// combining mark is one Character and no separator.
    static func language(ofInfo info: String) -> String {
        guard info.isASCIIOnly else {
            return info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        }
        let bytes = info.utf8
        func isSeparator(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSeparator($0) }) else { return "" }
        let end = bytes[first...].firstIndex(where: isSeparator) ?? bytes.endIndex
        if first == bytes.startIndex, end == bytes.endIndex { return info }
        return String(info[first..<end])
    }

    private func isParagraph(_ block: Block) -> Bool {
        if case .paragraph = block { return true }
        return false
    }

    private func alignAttribute(_ alignments: [TableAlignment], _ i: Int) -> StaticString {
        guard i < alignments.count else { return "" }
        switch alignments[i] {
        case .none: return ""
        case .left: return " style=\"text-align: left\""
        case .center: return " style=\"text-align: center\""
        case .right: return " style=\"text-align: right\""
        }
    }

    private func renderCallout(_ callout: Callout, into out: inout HTMLOutput, state: inout State) {
        let kindClass = HTML.escapeAttribute(callout.kind)
        var title = HTMLOutput(sameKindAs: out)
        if callout.title.isEmpty {
            title.writeEscaped(callout.kind.prefix(1).uppercased() + callout.kind.dropFirst())
        } else {
            renderInlines(callout.title, into: &title, state: &state)
        }
        switch callout.folding {
        case .notFoldable:
            out.write("<aside class=\"callout callout-")
            out.write(html: kindClass)
            out.write("\" data-callout=\"")
            out.write(html: kindClass)
            out.write("\">\n<div class=\"callout-title\">")
            out.write(title)
            out.write("</div>\n")
        case .open, .closed:
            out.write("<details class=\"callout callout-")
            out.write(html: kindClass)
            out.write("\" data-callout=\"")
            out.write(html: kindClass)
            out.write("\"")
            if callout.folding == .open { out.write(" open=\"\"") }
            out.write(">\n<summary class=\"callout-title\">")
            out.write(title)
            out.write("</summary>\n")
        }
        if !callout.blocks.isEmpty {
            out.write("<div class=\"callout-body\">\n")
            for b in callout.blocks { renderBlock(b, tight: false, into: &out, state: &state) }
            out.write("</div>\n")
        }
        if callout.folding == .notFoldable {
            out.write("</aside>\n")
        } else {
            out.write("</details>\n")
        }
    }

    /// A paragraph; display math and note embeds inside it break it into pieces, since a block
    /// cannot sit inside `<p>`.
    ///
    /// Most paragraphs have neither, and are rendered as one piece straight from their inlines;
    /// the others gather each piece's inlines (an embed shown inline becomes raw HTML) first.
    ///
    /// (The breaks are looked for in a loop rather than with `contains(where: isParagraphBreak)`:
    /// that closure took a copy of the renderer, retaining each of its parts, per paragraph.)
    private func renderParagraph(_ inlines: [Inline], wrap: Bool, into out: inout HTMLOutput, state: inout State) {
        var breaks = false
        for inline in inlines where isParagraphBreak(inline) {
            breaks = true
            break
        }
        guard breaks else {
            renderPiece(inlines[...], wrap: wrap, into: &out, state: &state)
            return
        }
        var pending: [Inline] = []
        for inline in inlines {
            switch inline {
            case .math(let index) where index < document.math.count && document.math[index].display:
                renderPiece(pending[...], wrap: wrap, into: &out, state: &state)
                pending.removeAll()
                if !wrap, !out.hasSuffix("\n"), !out.hasSuffix(">") { out.write("\n") }
                out.write(html: hooks.math(index, document.math[index]))
                out.write("\n")
            case .wikiLink(let index) where index < document.links.count && document.links[index].kind == .embed:
                let rewrite = hooks.embed(index, document.links[index])
                if case .html = rewrite {
                    renderPiece(pending[...], wrap: wrap, into: &out, state: &state)
                    pending.removeAll()
                    out.write(html: embedHTML(document.links[index], rewrite))
                    out.write("\n")
                } else {
                    pending.append(.html(embedHTML(document.links[index], rewrite)))
                }
            default:
                pending.append(inline)
            }
        }
        renderPiece(pending[...], wrap: wrap, into: &out, state: &state)
    }

    /// Whether `renderParagraph` may end a piece at `inline`: display math or an embed, whether
    /// or not the embed turns out to be shown as a block.
    private func isParagraphBreak(_ inline: Inline) -> Bool {
        switch inline {
        case .math(let index): index < document.math.count && document.math[index].display
        case .wikiLink(let index): index < document.links.count && document.links[index].kind == .embed
        default: false
        }
    }

    /// One piece of a paragraph, without the breaks and spaces at its ends (cmark trims a
    /// paragraph's ends, and pieces split off around a block keep none dangling); nothing for
    /// a piece left blank. The trimmed ends are read in place, not cut out of a copy.
    private func renderPiece(_ piece: ArraySlice<Inline>, wrap: Bool, into out: inout HTMLOutput, state: inout State) {
        var lower = piece.startIndex, upper = piece.endIndex
        while upper > lower, case .softBreak = piece[upper - 1] { upper -= 1 }
        while lower < upper, case .softBreak = piece[lower] { lower += 1 }
        while upper > lower, case .lineBreak = piece[upper - 1] { upper -= 1 }
        guard lower < upper else { return }
        // The texts at the ends, trimmed (the last first: it may be the first too).
        var last: String?
        if case .text(let t) = piece[upper - 1] { last = Spaces.trimmingTrailing(t) }
        var first: String?
        if case .text(let t) = piece[lower] { first = Spaces.trimmingLeading(lower == upper - 1 ? last! : t) }
        func trimmedText(_ i: Int) -> String? {
            if i == lower, let first { return first }
            if i == upper - 1, let last { return last }
            if case .text(let t) = piece[i] { return t }
            return nil
        }
        let blank = (lower..<upper).allSatisfy { i in trimmedText(i).map(Spaces.isBlank) ?? false }
        if blank { return }
        if wrap { out.write("<p>") }
        for i in lower..<upper {
            if (i == lower && first != nil) || (i == upper - 1 && last != nil) {
                out.writeEscaped(trimmedText(i)!)
            } else {
                renderInline(piece[i], into: &out, state: &state)
            }
        }
        if wrap { out.write("</p>\n") }
    }

    // MARK: Inlines

    private func renderInlines(_ inlines: [Inline], into out: inout HTMLOutput, state: inout State) {
        for inline in inlines {
            renderInline(inline, into: &out, state: &state)
        }
    }

    /// ` title="…"` for a link with a title.
    private func writeTitle(_ link: LinkOccurrence, into out: inout HTMLOutput) {
        guard let title = link.title else { return }
        out.write(" title=\"")
        out.writeEscapedAttribute(title)
        out.write("\"")
    }

    private func renderInline(_ inline: Inline, into out: inout HTMLOutput, state: inout State) {
        switch inline {
        case .text(let text):
            out.writeEscaped(text)
        case .softBreak:
            out.write("\n")
        case .lineBreak:
            out.write("<br />\n")
        case .code(let code):
            out.write("<code>")
            out.writeEscaped(code)
            out.write("</code>")
        case .html(let html):
            out.write(html: HTML.filterTags(hooks.rawHTML.map { $0(html) } ?? html))
        case .emphasis(let c):
            out.write("<em>")
            renderInlines(c, into: &out, state: &state)
            out.write("</em>")
        case .strong(let c):
            out.write("<strong>")
            renderInlines(c, into: &out, state: &state)
            out.write("</strong>")
        case .strikethrough(let c):
            out.write("<del>")
            renderInlines(c, into: &out, state: &state)
            out.write("</del>")
        case .link(let index, let children):
            let link = document.links[index]
            switch hooks.link(index, link) {
            case .keep:
                out.write("<a href=\"")
                out.write(html: Self.escapedHref(rejoin(link)))
                out.write("\"")
                writeTitle(link, into: &out)
                out.write(">")
                renderInlines(children, into: &out, state: &state)
                out.write("</a>")
            case .href(let href, let cssClass, _):
                out.write("<a")
                if let cssClass {
                    out.write(" class=\"")
                    out.writeEscapedAttribute(cssClass)
                    out.write("\"")
                }
                out.write(" href=\"")
                out.write(html: Self.escapedHref(href))
                out.write("\"")
                writeTitle(link, into: &out)
                out.write(">")
                renderInlines(children, into: &out, state: &state)
                out.write("</a>")
            case .plainText:
                out.write("<span class=\"unpublished-link\">")
                renderInlines(children, into: &out, state: &state)
                out.write("</span>")
            case .broken(let reason):
                out.write("<span class=\"broken-link\" title=\"")
                out.writeEscapedAttribute(reason)
                out.write("\">")
                renderInlines(children, into: &out, state: &state)
                out.write("</span>")
            }
        case .image(let index, let alt):
            let link = document.links[index]
            let altText = HTML.escapeAttribute(PlainText.of(alt, math: document.math, links: document.links))
            func writeImage(src: String, into out: inout HTMLOutput) {
                out.write("<img src=\"")
                out.write(html: Self.escapedHref(src))
                out.write("\" alt=\"")
                out.write(html: altText)
                out.write("\"")
                writeTitle(link, into: &out)
                out.write(" loading=\"lazy\" />")
            }
            switch hooks.link(index, link) {
            case .keep:
                writeImage(src: rejoin(link), into: &out)
            case .href(let href, _, _):
                writeImage(src: href, into: &out)
            case .plainText:
                out.write("<span class=\"unpublished-link\">")
                out.write(html: altText)
                out.write("</span>")
            case .broken(let reason):
                out.write("<span class=\"broken-link missing-image\" title=\"")
                out.writeEscapedAttribute(reason)
                out.write("\">")
                out.write(html: altText)
                out.write("</span>")
            }
        case .wikiLink(let index):
            let link = document.links[index]
            if link.kind == .embed {
                out.write(html: embedHTML(link, hooks.embed(index, link)))
                return
            }
            let shown = link.displayText
            switch hooks.link(index, link) {
            case .href(let href, let cssClass, let label):
                out.write("<a class=\"")
                if let cssClass {
                    out.writeEscapedAttribute("wikilink " + cssClass)
                } else {
                    out.write("wikilink")
                }
                out.write("\" href=\"")
                out.write(html: Self.escapedHref(href))
                out.write("\">")
                out.writeEscaped(link.label ?? label ?? shown)
                out.write("</a>")
            case .plainText:
                out.write("<span class=\"unpublished-link\">")
                out.writeEscaped(shown)
                out.write("</span>")
            case .keep:
                out.write("<span class=\"broken-link\">")
                out.writeEscaped(shown)
                out.write("</span>")
            case .broken(let reason):
                out.write("<span class=\"broken-link\" title=\"")
                out.writeEscapedAttribute(reason)
                out.write("\">")
                out.writeEscaped(shown)
                out.write("</span>")
            }
        case .math(let index):
            out.write(html: hooks.math(index, document.math[index]))
        case .footnoteReference(let label):
            let number: Int
            if let existing = state.footnoteNumbers[label] {
                number = existing
            } else {
                number = state.footnoteOrder.count + 1
                state.footnoteNumbers[label] = number
                state.footnoteOrder.append(label)
            }
            let count = state.footnoteRefCounts[label, default: 0] + 1
            state.footnoteRefCounts[label] = count
            out.write("<sup class=\"footnote-ref\"><a href=\"#")
            out.writeEscapedAttribute(idPrefix)
            out.write("fn-")
            out.write(number)
            out.write("\" id=\"")
            out.writeEscapedAttribute(idPrefix)
            out.write("fnref-")
            out.write(number)
            if count != 1 {
                out.write("-")
                out.write(count)
            }
            out.write("\">")
            out.write(number)
            out.write("</a></sup>")
        }
    }

    private func rejoin(_ link: LinkOccurrence) -> String {
        link.fragment.map { link.destination + "#" + $0 } ?? link.destination
    }

    private func embedHTML(_ link: LinkOccurrence, _ rewrite: EmbedRewrite) -> String {
        switch rewrite {
        case .image(let src):
            var size = ""
            if let label = link.label {
                let parts = label.split(separator: "x", maxSplits: 1)
                if let w = parts.first.flatMap({ Int($0) }) { size += " width=\"\(w)\"" }
                if parts.count == 2, let h = Int(parts[1]) { size += " height=\"\(h)\"" }
            }
            let alt = link.label.flatMap { Int($0.split(separator: "x").first ?? "") == nil ? $0 : nil } ?? link.destination
            return "<img class=\"embed-image\" src=\"\(Self.escapedHref(src))\" alt=\"\(HTML.escapeAttribute(alt))\"\(size) loading=\"lazy\" />"
        case .html(let title, let href, let body):
            var out = "<div class=\"embed\" data-embed=\"\(HTML.escapeAttribute(link.destination))\">\n"
            if let href {
                out += "<div class=\"embed-title\"><a class=\"wikilink\" href=\"\(Self.escapedHref(href))\">\(HTML.escape(title))</a></div>\n"
            } else {
                out += "<div class=\"embed-title\">\(HTML.escape(title))</div>\n"
            }
            out += body
            out += "</div>"
            return out
        case .link(let href):
            return "<a class=\"embed-link\" href=\"\(Self.escapedHref(href))\">\(HTML.escape(link.displayText))</a>"
        case .plainText:
            return "<span class=\"unpublished-link\">\(HTML.escape(link.displayText))</span>"
        case .broken(let reason):
            return "<span class=\"broken-link\" title=\"\(HTML.escapeAttribute(reason))\">\(HTML.escape(link.displayText))</span>"
        }
    }

    private func renderFootnotes(_ definitions: [String: [Block]], into out: inout HTMLOutput, state: inout State) {
        guard !state.footnoteOrder.isEmpty else { return }
        out.write("<section class=\"footnotes\">\n<ol>\n")
        var index = 0
        // Rendering a footnote can reference another one; the order list may grow meanwhile.
        while index < state.footnoteOrder.count {
            let label = state.footnoteOrder[index]
            let number = index + 1
            out.write("<li id=\"")
            out.writeEscapedAttribute(idPrefix)
            out.write("fn-")
            out.write(number)
            out.write("\">\n")
            var body = HTMLOutput(sameKindAs: out)
            for block in definitions[label] ?? [] {
                renderBlock(block, tight: false, into: &body, state: &state)
            }
            let refs = state.footnoteRefCounts[label, default: 1]
            var backrefs = ""
            for k in 1...max(refs, 1) {
                let id = HTML.escapeAttribute(idPrefix) + (k == 1 ? "fnref-\(number)" : "fnref-\(number)-\(k)")
                backrefs += " <a href=\"#\(id)\" class=\"footnote-backref\" aria-label=\"Back to reference \(number)\">↩</a>"
            }
            if body.removeSuffix("</p>\n") {
                body.write(html: backrefs)
                body.write("</p>\n")
            } else {
                body.write("<p>")
                body.write(html: Spaces.trimmingLeading(backrefs))
                body.write("</p>\n")
            }
            out.write(body)
            out.write("</li>\n")
            index += 1
        }
        out.write("</ol>\n</section>\n")
    }

    /// `HTML.escapeHref(url)`: the url itself when each of its bytes stands for itself there
    /// (`plainHrefBytes`). Most hrefs are the relative links the site made, already
    /// percent-encoded, and escaping them byte by byte into a new string cost thousands of
    /// instructions each.
    static func escapedHref(_ url: String) -> String {
        let plain = plainHrefBytes.withUnsafeBufferPointer { plain in
            url.withUTF8Bytes { bytes in bytes.allSatisfy { plain[Int($0)] } }
        }
        return plain ? url : HTML.escapeHref(url)
    }

    /// The bytes `HTML.escapeHref` writes unchanged: its URL-safe set less `&` and `'`, which
    /// it turns into entities.
    static let plainHrefBytes: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.+!*(),%#@?=;:/$~".utf8 { table[Int(b)] = true }
        return table
    }()
}

/// Space trimming on UTF-8 bytes: only the ends are looked at, never the whole text as Characters.
enum Spaces {
    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    static func trimmingTrailing(_ text: String) -> String {
        guard let last = text.utf8.last, isSpace(last) else { return text }
        var end = text.utf8.endIndex
        while end > text.utf8.startIndex, isSpace(text.utf8[text.utf8.index(before: end)]) { end = text.utf8.index(before: end) }
        return String(text[..<end])
    }

    static func trimmingLeading(_ text: String) -> String {
        guard let first = text.utf8.first, isSpace(first) else { return text }
        var start = text.utf8.startIndex
        while start < text.utf8.endIndex, isSpace(text.utf8[start]) { start = text.utf8.index(after: start) }
        return String(text[start...])
    }

    static func isBlank(_ text: String) -> Bool { text.utf8.allSatisfy(isSpace) }
}
