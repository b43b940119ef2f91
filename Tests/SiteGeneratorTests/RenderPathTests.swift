import Foundation
import Notes
@testable import SiteGenerator
import Testing
import TestSupport

/// The render path's fast ways: pages and their content rendered in place into the arrays
/// they are handed on as, lookups that skip stack levels by their names'
/// fingerprint bits, and the writer's folder of a path. Each is checked against the plain way.
@Suite struct RenderPathTests {
    // MARK: - The writer's folder of a path

    /// The folder of every checked path is what splitting on `/`, dropping the last part and
    /// joining gives.
    @Test func folderOfAPathIsTheSplitFolder() {
        var rng = SplitMix(state: 5)
        let parts = ["a", "index.html", "태그", "딥러닝", "x.y", "..a", "e\u{301}", " ", "a b"]
        for _ in 0..<2000 {
            let path = (0..<(1 + rng.below(5))).map { _ in rng.pick(parts) }.joined(separator: "/")
            guard OutputPath.problem(with: path) == nil else { continue }
            let expected = path.split(separator: "/").dropLast().joined(separator: "/")
            #expect(SiteStaging.folder(of: path) == expected, "\(path)")
        }
    }
}
