import Foundation
import Notes
import SiteGenerator

/// `math: katex`: Debian's libjs-katex (its script, stylesheet, auto-render and fonts) is copied
/// into the site at build time, so pages work offline; nothing is fetched from a CDN.
enum KaTeX {
    static let folder = URL(fileURLWithPath: "/usr/share/javascript/katex")

    static func files() throws -> [AssetFile] {
        let fm = FileManager.default
        guard fm.fileExists(atPath: folder.appendingPathComponent("katex.min.js").path) else {
            throw BuildFailure("math: katex needs Debian's libjs-katex (apt-get install libjs-katex), which is not installed; or use math: mathml")
        }
        var found: [AssetFile] = []
        let wanted = ["katex.min.css", "katex.min.js", "contrib/auto-render.js"]
        for name in wanted {
            found.append(AssetFile(source: folder.appendingPathComponent(name), permalink: Permalink("assets/katex/" + name)))
        }
        let fonts = folder.appendingPathComponent("fonts")
        for name in (try? fm.contentsOfDirectory(atPath: fonts.path))?.sorted() ?? [] where name.hasSuffix(".woff2") || name.hasSuffix(".woff") || name.hasSuffix(".ttf") {
            found.append(AssetFile(source: fonts.appendingPathComponent(name), permalink: Permalink("assets/katex/fonts/" + name)))
        }
        return found
    }
}
