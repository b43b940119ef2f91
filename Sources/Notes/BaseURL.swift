/// The site's base URL (`base_url:` in notegraph.yml, `--base-url`), checked and made a valid
/// URI once, so that every absolute URL the site writes — sitemap `<loc>`s, Atom ids and links,
/// canonical links, the 404 page's links, the graph's node URLs — is one.
///
/// People write the URL as they read it: `https://me.example/노트 s/`. A sitemap requires
/// escaped absolute URLs and feed readers compare ids byte for byte, so the path is
/// percent-encoded here (UTF-8, RFC 3986), keeping what is already encoded: `%20` stays `%20`,
/// a `%` not followed by two hex digits becomes `%25`. The result always ends in `/`, and
/// normalizing a normalized URL returns it unchanged.
public enum BaseURL {
    /// Why a text cannot be a base URL; `message` and `hint` are written for the user.
    public struct Problem: Error, Equatable, Sendable {
        public let message: String
        public let hint: String
    }

    /// The base URL as a valid URI ending in `/`, or why it cannot be one: it must be an
    /// absolute `http(s)` URL with an ASCII host and no query or fragment (page paths are
    /// appended to it, and would land inside either).
    public static func normalize(_ text: String) -> Result<String, Problem> {
        let url = text.trimmingWhitespaceAndNewlines()
        let example = "write it in full, e.g. https://me.github.io/notes/"
        let lower = url.lowercased()
        let schemeLength: Int
        if lower.hasPrefix("https://") { schemeLength = 8 } else if lower.hasPrefix("http://") { schemeLength = 7 } else {
            return .failure(Problem(message: "the base URL '\(url)' is not an absolute http(s) URL", hint: example))
        }
        let bytes = Array(url.utf8)
        let afterScheme = bytes[schemeLength...]
        let hostEnd = afterScheme.firstIndex(of: 0x2F) ?? bytes.endIndex
        let host = bytes[schemeLength..<hostEnd]
        if host.isEmpty {
            return .failure(Problem(message: "the base URL '\(url)' has no host", hint: example))
        }
        if host.contains(where: { $0 >= 0x80 || !hostSafe[Int($0)] }) {
            return .failure(Problem(message: "the base URL '\(url)' has a host that is not a plain ASCII name",
                                    hint: "write an international domain in its xn-- (punycode) form"))
        }
        if bytes.contains(0x3F) || bytes.contains(0x23) {
            return .failure(Problem(message: "the base URL '\(url)' has a query or fragment",
                                    hint: "page paths are appended to the base URL; give only scheme, host and folder"))
        }
        // The scheme is written in lower case (it is case-insensitive, and `HTTPS://` would
        // make ids differ from the same site's other spellings); the host is kept as written.
        var out = Array(lower.utf8.prefix(schemeLength)) + Array(host)
        var i = hostEnd
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x25, i + 2 < bytes.count, isHex(bytes[i + 1]), isHex(bytes[i + 2]) {
                out += bytes[i...(i + 2)]
                i += 3
                continue
            }
            Permalink.encode(byte, keeping: pathSafe) { out.append($0) }
            i += 1
        }
        if out.last != 0x2F { out.append(0x2F) }
        return .success(String(decoding: out, as: UTF8.self))
    }

    private static func isHex(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x46).contains(b) || (0x61...0x66).contains(b)
    }

    /// RFC 3986 `pchar` and `/`: what a path may hold unencoded (`%` is handled apart).
    private static let pathSafe = Permalink.table("!$&'()*+,;=:@/")
    /// A host with its port, user info or IPv6 brackets: `reg-name`, `:`, `@`, `[`, `]`, `%`.
    private static let hostSafe = Permalink.table("!$&'()*+,;=:@[]%")
}
