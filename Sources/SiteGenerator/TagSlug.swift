import Diagnostics
import Foundation
public import Notes

/// Where tag pages live. A tag's slug keeps Korean and other letters as they are (the href is
/// percent-encoded by `Permalink`, the folder on disk is raw UTF-8) but is lowercased, with runs
/// of white space turned into `-` and characters that are unsafe in a file name or URL path
/// (`/ \ ? # % : * " < > |`, controls) replaced too, so `Deep Learning` and `deep-learning` share a
/// page.
public enum TagPages {
    /// The tag index, `tags/`.
    public static let index = Permalink("tags/")

    public static func slug(for tag: String) -> String {
        var out = ""
        var pendingDash = false
        for scalar in tag.nfc.lowercased().unicodeScalars {
            let unsafe = scalar.properties.isWhitespace || scalar.value < 0x20 || scalar.value == 0x7F
                || "/\\?#%:*\"<>|".unicodeScalars.contains(scalar)
            if unsafe {
                pendingDash = !out.isEmpty
                continue
            }
            if pendingDash, scalar != "-", out.last != "-" { out += "-" }
            pendingDash = false
            out.unicodeScalars.append(scalar)
        }
        // A folder named `.` or `..` would leave tags/.
        if out.allSatisfy({ $0 == "." }) { out = "tag" + out.map { _ in "-" }.joined() }
        return out
    }

    /// `tags/<slug>/`.
    public static func permalink(for tag: String) -> Permalink {
        Permalink("tags/" + slug(for: tag) + "/")
    }
}
