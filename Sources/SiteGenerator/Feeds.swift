import Diagnostics
import Foundation
import Notes

/// `sitemap.xml` and `atom.xml`, written only when the site has a base URL (both need absolute
/// URLs). Built as text with every value XML-escaped; the shape is fixed, so no XML library.
enum Feeds {
    static func sitemap(_ site: SiteModel) -> String {
        guard let base = site.baseURL else { return "" }
        var entries: [(permalink: Permalink, lastmod: NoteDate?)] = [(.root, site.home.flatMap { $0.updated ?? $0.date })]
        for note in site.listed { entries.append((note.permalink, note.updated ?? note.date)) }
        entries.append((TagPages.index, nil))
        for tag in site.tags { entries.append((tag.permalink, nil)) }
        for folder in site.folderPages { entries.append((folder.permalink, nil)) }
        for page in site.input.extraPages where page.permalink.isPage || page.permalink.path.hasSuffix(".html") {
            entries.append((page.permalink, nil))
        }
        entries.sort { $0.permalink < $1.permalink }

        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            xml += "  <url>\n"
            xml += "    <loc>\(HTMLEscaping.xml(entry.permalink.absoluteURL(base: base)))</loc>\n"
            if let lastmod = entry.lastmod { xml += "    <lastmod>\(lastmod.rfc3339)</lastmod>\n" }
            xml += "  </url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// Dated notes, newest first (by creation date, ties by path), at most
    /// `SiteGenerator.feedCount`. Each entry carries the note's HTML with `xml:base` set to the
    /// note's URL, so the body's relative links resolve in feed readers.
    static func atom(_ site: SiteModel) -> String {
        guard let base = site.baseURL else { return "" }
        let notes = (site.listed + (site.home.map { [$0] } ?? []))
            .filter { $0.date != nil }
            .sorted(by: SiteModel.newestFirst)
            .prefix(SiteGenerator.feedCount)
        let newest = site.input.notes.compactMap { note -> NoteDate? in
            [note.date, note.updated].compactMap { $0 }.max()
        }.max()
        let updated = site.input.buildDate?.rfc3339 ?? newest?.rfc3339 ?? "1970-01-01T00:00:00Z"

        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(site.input.language.rawValue)\">\n"
        xml += "  <title>\(HTMLEscaping.xml(site.input.title))</title>\n"
        if let description = site.input.description, !description.isEmpty {
            xml += "  <subtitle>\(HTMLEscaping.xml(description))</subtitle>\n"
        }
        xml += "  <id>\(HTMLEscaping.xml(base))</id>\n"
        xml += "  <link rel=\"alternate\" type=\"text/html\" href=\"\(HTMLEscaping.xml(base))\"/>\n"
        xml += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"\(HTMLEscaping.xml(Permalink("atom.xml").absoluteURL(base: base)))\"/>\n"
        xml += "  <updated>\(updated)</updated>\n"
        xml += "  <author><name>\(HTMLEscaping.xml(site.input.title))</name></author>\n"
        xml += "  <generator>notegraph</generator>\n"
        for note in notes {
            let url = HTMLEscaping.xml(note.permalink.absoluteURL(base: base))
            let published = note.date!
            xml += "  <entry xml:base=\"\(url)\">\n"
            xml += "    <title type=\"text\">\(HTMLEscaping.xml(note.title))</title>\n"
            xml += "    <link rel=\"alternate\" type=\"text/html\" href=\"\(url)\"/>\n"
            xml += "    <id>\(url)</id>\n"
            xml += "    <published>\(published.rfc3339)</published>\n"
            xml += "    <updated>\((note.updated.map { max($0, published) } ?? published).rfc3339)</updated>\n"
            for tag in note.tags.map({ $0.trimmingWhitespaceAndNewlines() }) where !tag.isEmpty {
                xml += "    <category term=\"\(HTMLEscaping.xml(tag))\"/>\n"
            }
            if let description = note.description, !description.isEmpty {
                xml += "    <summary type=\"text\">\(HTMLEscaping.xml(description))</summary>\n"
            }
            xml += "    <content type=\"html\">\(HTMLEscaping.xml(plainMath(note.bodyHTML)))</content>\n"
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }

    /// The body with each MathML formula replaced by its TeX: feed readers draw MathML rarely and
    /// strip it often, which would leave a formula as a run of loose letters. Every `<math>` the
    /// build writes carries its source, already escaped, in
    /// `<annotation encoding="application/x-tex">`; one without it is left alone.
    static func plainMath(_ html: String) -> String {
        guard html.contains("<math") else { return html }
        let annotationStart = "<annotation encoding=\"application/x-tex\">"
        var out = ""
        out.reserveCapacity(html.utf8.count / 2)
        var rest = html[...]
        while let open = rest.range(of: "<math") {
            out += rest[..<open.lowerBound]
            guard let close = rest.range(of: "</math>", range: open.upperBound..<rest.endIndex) else { break }
            let formula = rest[open.lowerBound..<close.upperBound]
            if let start = formula.range(of: annotationStart),
               let end = formula.range(of: "</annotation>", range: start.upperBound..<formula.endIndex)
            {
                out += formula[start.upperBound..<end.lowerBound]
            } else {
                out += formula
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }
}
