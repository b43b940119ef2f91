import Notes

/// How one page links to others: relative to its own place (the default, so the site works from
/// disk and under any sub-path), or absolute under the base URL (the 404 page, which a server may
/// show at any depth).
struct PageLinks {
    let page: Permalink
    let directoryIndex: Bool
    /// Set for pages whose links must not depend on where they are served.
    let absoluteBase: String?
    /// The page's folders, counted once for its links to `HrefTarget`s.
    let origin: Permalink.HrefOrigin

    init(page: Permalink, directoryIndex: Bool, absoluteBase: String?) {
        self.page = page
        self.directoryIndex = directoryIndex
        self.absoluteBase = absoluteBase
        origin = Permalink.HrefOrigin(page)
    }

    func href(_ target: Permalink, fragment: String? = nil) -> String {
        if let absoluteBase {
            var url = target.absoluteURL(base: absoluteBase)
            if directoryIndex, target.isPage { url += "index.html" }
            if let fragment, !fragment.isEmpty { url += "#" + Permalink.encodeFragment(fragment) }
            return url
        }
        return target.relativeHref(from: page, fragment: fragment, directoryIndex: directoryIndex)
    }

    /// `href(target.permalink, fragment:)`, from the target's segments encoded once (see
    /// `Permalink.HrefTarget`): for targets that many pages link.
    func href(_ target: Permalink.HrefTarget, fragment: String? = nil) -> String {
        if absoluteBase != nil { return href(target.permalink, fragment: fragment) }
        return target.href(from: origin, fragment: fragment, directoryIndex: directoryIndex)
    }

    /// `href(permalink, fragment:)` through `target` when it is that permalink's, encoded once
    /// (a note's backlinks, outgoing links and summaries carry the target `NotePages` made; a
    /// value whose permalink was changed since, or one made without, takes the permalink).
    /// Byte for byte the same link either way, and a link of a shape the target prepared is
    /// its String, shared rather than made (and freed) for the page.
    func href(_ permalink: Permalink, via target: Permalink.HrefTarget?, fragment: String? = nil) -> String {
        if let target, target.permalink == permalink { return href(target, fragment: fragment) }
        return href(permalink, fragment: fragment)
    }

    /// The prefix that reaches the site root from this page (`../../`, or the base URL), for
    /// theme assets: `{{root}}assets/style.css`.
    var root: String {
        if let absoluteBase { return absoluteBase.hasSuffix("/") ? absoluteBase : absoluteBase + "/" }
        return page.upToRoot
    }

    /// A link to a heading on this same page.
    static func inPage(_ anchor: String) -> String {
        Permalink.fragmentLink(anchor)
    }
}
