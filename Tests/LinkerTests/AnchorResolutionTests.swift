import Foundation
import Linker
import Markdown
import Notes
import Testing

/// The anchor a link keeps on the site is the one `check` passes (`Anchors`): these are links
/// whose fragment the linker used to resolve differently from the checker.
@Suite struct AnchorResolutionTests {
    static func anchors(_ files: [(String, String)], of source: String) -> [String?] {
        let vault = linkedVault(files)
        guard let n = vault.notes.firstIndex(where: { $0.path.string == source }) else { return [] }
        return vault.resolutions[n].map { resolution in
            if case .note(_, let anchor) = resolution { return anchor ?? "(note)" }
            return nil
        }
    }

    static let target = ("t.md", """
        # T

        ## Encoder

        ### Loss

        ## Decoder

        ### Loss

        ## C++

        ## C

        Text[^1] and more[^2].

        <a id="raw-id"></a>

        [^1]: One.
        [^2]: Two.
        """)

    @Test func nestedWikilinkFindsTheHeadingUnderItsParent() {
        let got = Self.anchors([Self.target, ("s.md", "[[t#Decoder#Loss]] [[t#Encoder#Loss]] [[t#Loss]]")], of: "s.md")
        // `## Decoder` → `### Loss` is the second Loss: `loss-1`. The linker took the first Loss.
        #expect(got == ["loss-1", "loss", "loss"])
    }

    @Test func headingTextItselfWinsOverAnEqualSlug() {
        // `C++` and `C` both slug to `c`: `[[t#C]]` means `## C` (`c-1`), not `## C++` above it.
        #expect(Self.anchors([Self.target, ("s.md", "[[t#C]] [[t#C++]]")], of: "s.md") == ["c-1", "c"])
    }

    @Test func wikilinkFragmentIsTrimmed() {
        #expect(Self.anchors([Self.target, ("s.md", "[[t#Decoder ]] [[t# Encoder#Loss ]]")], of: "s.md") == ["decoder", "loss"])
    }

    @Test func markdownLinksKeepFootnoteAndRawHTMLIds() {
        let got = Self.anchors([Self.target, ("s.md", "[a](t.md#fn-2) [b](t.md#fnref-1) [c](t.md#raw-id) [d](t.md#fn-3) [e](t.md#top)")], of: "s.md")
        // The page has two footnotes and the raw id; `#fn-3` names nothing and is dropped.
        #expect(got == ["fn-2", "fnref-1", "raw-id", "(note)", "top"])
        let vault = linkedVault([Self.target, ("s.md", "[d](t.md#fn-3)")])
        #expect(vault.diagnostics.contains { $0.code == "broken-anchor" && $0.message.contains("#fn-3") })
    }

    @Test func decomposedHeadingIsLinkedByItsComposedID() {
        let nfd = "# N\n\n## 정규화 제목\n".decomposedStringWithCanonicalMapping
        let got = Self.anchors([("n.md", nfd), ("s.md", "[a](n.md#정규화-제목) [[n#정규화 제목]]")], of: "s.md")
        #expect(got.map { $0.map { Array($0.utf8) } } == [Array("정규화-제목".utf8), Array("정규화-제목".utf8)])
    }
}
