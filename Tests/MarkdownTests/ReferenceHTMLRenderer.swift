@testable import Markdown

/// The renderer as it was before it wrote into `HTMLOutput`: every piece appended to a `String`
/// and every paragraph gathered into an array. `HTMLRendererTests` holds the renderer to it.
/// Renders a `MarkdownDocument` to HTML. The output follows cmark-gfm's HTML where the two
/// overlap, with notegraph's additions: heading ids, math, wikilinks, embeds, callouts, and
/// tables wrapped for horizontal scrolling.
struct ReferenceHTMLRenderer {
    let document: MarkdownDocument
    let hooks: RenderHooks

    init(document: MarkdownDocument, hooks: RenderHooks = RenderHooks()) {
        self.document = document
        self.hooks = hooks
    }

    /// The whole body.
    func render() -> String {
        var state = State()
        var out = ""
        out.reserveCapacity(4096)
        var definitions: [String: [Block]] = [:]
        for block in document.blocks {
            if case .footnoteDefinition(let label, let blocks) = block {
                definitions[label] = definitions[label] ?? blocks
            } else {
                renderBlock(block, tight: false, into: &out, state: &state)
            }
        }
        renderFootnotes(definitions, into: &out, state: &state)
        return out
    }

    /// Inline content on its own, for titles and TOC entries with markup or math in them.
    func renderInlines(_ inlines: [Inline]) -> String {
        var state = State()
        var out = ""
        renderInlines(inlines, into: &out, state: &state)
        return out
    }

    /// Footnote numbering, kept while one document renders.
    struct State {
        var footnoteNumbers: [String: Int] = [:]
        var footnoteOrder: [String] = []
        var footnoteRefCounts: [String: Int] = [:]
    }

    // MARK: Blocks

    private func renderBlock(_ block: Block, tight: Bool, into out: inout String, state: inout State) {
        switch block {
        case .paragraph(let inlines):
            renderParagraph(inlines, wrap: !tight, into: &out, state: &state)
        case .heading(let level, let content, let id, _):
            out += "<h\(level) id=\"\(HTML.escapeAttribute(id))\">"
            renderInlines(content, into: &out, state: &state)
            out += "</h\(level)>\n"
        case .blockQuote(let blocks):
            out += "<blockquote>\n"
            for b in blocks { renderBlock(b, tight: false, into: &out, state: &state) }
            out += "</blockquote>\n"
        case .callout(let callout):
            renderCallout(callout, into: &out, state: &state)
        case .list(let info, let items):
            if info.ordered {
                out += info.start == 1 ? "<ol>\n" : "<ol start=\"\(info.start)\">\n"
            } else {
                out += items.contains(where: { $0.task != nil }) ? "<ul class=\"contains-task-list\">\n" : "<ul>\n"
            }
            for item in items {
                if let checked = item.task {
                    out += "<li class=\"task-list-item\"><input type=\"checkbox\" disabled=\"\"" + (checked ? " checked=\"\"" : "") + " /> "
                } else {
                    out += "<li>"
                }
                for b in item.blocks {
                    if info.tight, isParagraph(b) {
                        if !out.hasSuffix(">") && !out.hasSuffix(" ") && !out.hasSuffix("\n") { out += "\n" }
                        renderBlock(b, tight: true, into: &out, state: &state)
                    } else {
                        if !out.hasSuffix("\n") { out += "\n" }
                        renderBlock(b, tight: false, into: &out, state: &state)
                    }
                }
                out += "</li>\n"
            }
            out += info.ordered ? "</ol>\n" : "</ul>\n"
        case .codeBlock(let info, let literal):
            let language = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
            if language.isEmpty {
                out += "<pre><code>"
            } else {
                out += "<pre><code class=\"language-\(HTML.escapeAttribute(language))\">"
            }
            out += HTML.escape(literal)
            out += "</code></pre>\n"
        case .htmlBlock(let html):
            out += HTML.filterTags(html)
        case .thematicBreak:
            out += "<hr />\n"
        case .table(let alignments, let header, let rows):
            out += "<div class=\"table-wrapper\">\n<table>\n<thead>\n<tr>\n"
            for (i, cell) in header.enumerated() {
                out += "<th" + alignAttribute(alignments, i) + ">"
                renderInlines(cell, into: &out, state: &state)
                out += "</th>\n"
            }
            out += "</tr>\n</thead>\n"
            if !rows.isEmpty {
                out += "<tbody>\n"
                for row in rows {
                    out += "<tr>\n"
                    for (i, cell) in row.enumerated() {
                        out += "<td" + alignAttribute(alignments, i) + ">"
                        renderInlines(cell, into: &out, state: &state)
                        out += "</td>\n"
                    }
                    out += "</tr>\n"
                }
                out += "</tbody>\n"
            }
            out += "</table>\n</div>\n"
        case .footnoteDefinition:
            break  // collected by `render()`
        }
    }

    private func isParagraph(_ block: Block) -> Bool {
        if case .paragraph = block { return true }
        return false
    }

    private func alignAttribute(_ alignments: [TableAlignment], _ i: Int) -> String {
        guard i < alignments.count else { return "" }
        switch alignments[i] {
        case .none: return ""
        case .left: return " style=\"text-align: left\""
        case .center: return " style=\"text-align: center\""
        case .right: return " style=\"text-align: right\""
        }
    }

    private func renderCallout(_ callout: Callout, into out: inout String, state: inout State) {
        let kindClass = HTML.escapeAttribute(callout.kind)
        var title = ""
        if callout.title.isEmpty {
            title = HTML.escape(callout.kind.prefix(1).uppercased() + callout.kind.dropFirst())
        } else {
            renderInlines(callout.title, into: &title, state: &state)
        }
        let classes = "callout callout-\(kindClass)"
        switch callout.folding {
        case .notFoldable:
            out += "<aside class=\"\(classes)\" data-callout=\"\(kindClass)\">\n<div class=\"callout-title\">\(title)</div>\n"
        case .open, .closed:
            let open = callout.folding == .open ? " open=\"\"" : ""
            out += "<details class=\"\(classes)\" data-callout=\"\(kindClass)\"\(open)>\n<summary class=\"callout-title\">\(title)</summary>\n"
        }
        if !callout.blocks.isEmpty {
            out += "<div class=\"callout-body\">\n"
            for b in callout.blocks { renderBlock(b, tight: false, into: &out, state: &state) }
            out += "</div>\n"
        }
        out += callout.folding == .notFoldable ? "</aside>\n" : "</details>\n"
    }

    /// A paragraph; display math and note embeds inside it break it into pieces, since a block
    /// cannot sit inside `<p>`.
    private func renderParagraph(_ inlines: [Inline], wrap: Bool, into out: inout String, state: inout State) {
        var pending: [Inline] = []
        func flush(_ out: inout String, _ state: inout State) {
            while case .softBreak? = pending.last { pending.removeLast() }
            while case .softBreak? = pending.first { pending.removeFirst() }
            while case .lineBreak? = pending.last { pending.removeLast() }
            // Pieces split off around a block keep no dangling spaces (cmark trims a paragraph's ends).
            if case .text(let t)? = pending.last { pending[pending.count - 1] = .text(Spaces.trimmingTrailing(t)) }
            if case .text(let t)? = pending.first { pending[0] = .text(Spaces.trimmingLeading(t)) }
            if pending.isEmpty { return }
            if pending.allSatisfy({ if case .text(let t) = $0 { return Spaces.isBlank(t) } else { return false } }) {
                pending.removeAll()
                return
            }
            if wrap { out += "<p>" }
            renderInlines(pending, into: &out, state: &state)
            out += wrap ? "</p>\n" : ""
            pending.removeAll()
        }
        for inline in inlines {
            switch inline {
            case .math(let index) where index < document.math.count && document.math[index].display:
                flush(&out, &state)
                if !wrap, !out.hasSuffix("\n"), !out.hasSuffix(">") { out += "\n" }
                out += hooks.math(index, document.math[index]) + "\n"
            case .wikiLink(let index) where index < document.links.count && document.links[index].kind == .embed:
                let rewrite = hooks.embed(index, document.links[index])
                if case .html = rewrite {
                    flush(&out, &state)
                    out += embedHTML(document.links[index], rewrite) + "\n"
                } else {
                    pending.append(.html(embedHTML(document.links[index], rewrite)))
                }
            default:
                pending.append(inline)
            }
        }
        flush(&out, &state)
    }

    // MARK: Inlines

    private func renderInlines(_ inlines: [Inline], into out: inout String, state: inout State) {
        for inline in inlines {
            renderInline(inline, into: &out, state: &state)
        }
    }

    private func renderInline(_ inline: Inline, into out: inout String, state: inout State) {
        switch inline {
        case .text(let text):
            out += HTML.escape(text)
        case .softBreak:
            out += "\n"
        case .lineBreak:
            out += "<br />\n"
        case .code(let code):
            out += "<code>" + HTML.escape(code) + "</code>"
        case .html(let html):
            out += HTML.filterTags(html)
        case .emphasis(let c):
            out += "<em>"
            renderInlines(c, into: &out, state: &state)
            out += "</em>"
        case .strong(let c):
            out += "<strong>"
            renderInlines(c, into: &out, state: &state)
            out += "</strong>"
        case .strikethrough(let c):
            out += "<del>"
            renderInlines(c, into: &out, state: &state)
            out += "</del>"
        case .link(let index, let children):
            let link = document.links[index]
            let titleAttribute = link.title.map { " title=\"\(HTML.escapeAttribute($0))\"" } ?? ""
            switch hooks.link(index, link) {
            case .keep:
                out += "<a href=\"\(Self.escapedHref(rejoin(link)))\"\(titleAttribute)>"
                renderInlines(children, into: &out, state: &state)
                out += "</a>"
            case .href(let href, let cssClass, _):
                let classAttribute = cssClass.map { " class=\"\(HTML.escapeAttribute($0))\"" } ?? ""
                out += "<a\(classAttribute) href=\"\(Self.escapedHref(href))\"\(titleAttribute)>"
                renderInlines(children, into: &out, state: &state)
                out += "</a>"
            case .plainText:
                out += "<span class=\"unpublished-link\">"
                renderInlines(children, into: &out, state: &state)
                out += "</span>"
            case .broken(let reason):
                out += "<span class=\"broken-link\" title=\"\(HTML.escapeAttribute(reason))\">"
                renderInlines(children, into: &out, state: &state)
                out += "</span>"
            }
        case .image(let index, let alt):
            let link = document.links[index]
            let altText = HTML.escapeAttribute(PlainText.of(alt, math: document.math, links: document.links))
            let titleAttribute = link.title.map { " title=\"\(HTML.escapeAttribute($0))\"" } ?? ""
            switch hooks.link(index, link) {
            case .keep:
                out += "<img src=\"\(Self.escapedHref(rejoin(link)))\" alt=\"\(altText)\"\(titleAttribute) loading=\"lazy\" />"
            case .href(let href, _, _):
                out += "<img src=\"\(Self.escapedHref(href))\" alt=\"\(altText)\"\(titleAttribute) loading=\"lazy\" />"
            case .plainText:
                out += "<span class=\"unpublished-link\">\(altText)</span>"
            case .broken(let reason):
                out += "<span class=\"broken-link missing-image\" title=\"\(HTML.escapeAttribute(reason))\">\(altText)</span>"
            }
        case .wikiLink(let index):
            let link = document.links[index]
            if link.kind == .embed {
                out += embedHTML(link, hooks.embed(index, link))
                return
            }
            let shown = link.displayText
            switch hooks.link(index, link) {
            case .href(let href, let cssClass, let label):
                let classes = ["wikilink", cssClass].compactMap { $0 }.joined(separator: " ")
                out += "<a class=\"\(HTML.escapeAttribute(classes))\" href=\"\(Self.escapedHref(href))\">"
                out += HTML.escape(link.label ?? label ?? shown) + "</a>"
            case .plainText:
                out += "<span class=\"unpublished-link\">" + HTML.escape(shown) + "</span>"
            case .keep:
                out += "<span class=\"broken-link\">" + HTML.escape(shown) + "</span>"
            case .broken(let reason):
                out += "<span class=\"broken-link\" title=\"\(HTML.escapeAttribute(reason))\">" + HTML.escape(shown) + "</span>"
            }
        case .math(let index):
            out += hooks.math(index, document.math[index])
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
            let refID = count == 1 ? "fnref-\(number)" : "fnref-\(number)-\(count)"
            out += "<sup class=\"footnote-ref\"><a href=\"#fn-\(number)\" id=\"\(refID)\">\(number)</a></sup>"
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

    private func renderFootnotes(_ definitions: [String: [Block]], into out: inout String, state: inout State) {
        guard !state.footnoteOrder.isEmpty else { return }
        out += "<section class=\"footnotes\">\n<ol>\n"
        var index = 0
        // Rendering a footnote can reference another one; the order list may grow meanwhile.
        while index < state.footnoteOrder.count {
            let label = state.footnoteOrder[index]
            let number = index + 1
            out += "<li id=\"fn-\(number)\">\n"
            var body = ""
            for block in definitions[label] ?? [] {
                renderBlock(block, tight: false, into: &body, state: &state)
            }
            let refs = state.footnoteRefCounts[label, default: 1]
            var backrefs = ""
            for k in 1...max(refs, 1) {
                let id = k == 1 ? "fnref-\(number)" : "fnref-\(number)-\(k)"
                backrefs += " <a href=\"#\(id)\" class=\"footnote-backref\" aria-label=\"Back to reference \(number)\">↩</a>"
            }
            if body.hasSuffix("</p>\n") {
                body.removeLast(5)
                body += backrefs + "</p>\n"
            } else {
                body += "<p>" + Spaces.trimmingLeading(backrefs) + "</p>\n"
            }
            out += body
            out += "</li>\n"
            index += 1
        }
        out += "</ol>\n</section>\n"
    }

    static func escapedHref(_ url: String) -> String { HTML.escapeHref(url) }
}
