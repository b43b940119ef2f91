@testable import Linker
import Notes
import Testing

/// What counts as a link out of the vault, and how paths split: both read bytes now.
@Suite struct ExternalLinkTests {
    @Test func schemesAndProtocolRelativeLinksAreExternal() {
        for external in ["https://example.com", "http://x", "mailto:a@b.c", "//cdn.example.com/a.png", "git+ssh://host/r",
                         "x-custom.v2:thing", "HTTPS://EXAMPLE.COM"] {
            #expect(Resolver.isExternal(external), "\(external)")
        }
        for local in ["dl/vae.md", "vae.md#a:b", "C:/notes/a.md", ":x", "", "1http://x", "주소:x", "a b:c", "../x.md", "/abs/x.md"] {
            #expect(!Resolver.isExternal(local), "\(local)")
        }
    }

    @Test func pathsSplitOnSlashBytes() {
        #expect(NotePath.components(of: "a//b/노트.md/") == ["a", "b", "노트.md"])
        var parts: [Substring] = ["dl", "gen"]
        #expect(NotePath.append(components: "./../x/./y/..//z.md", to: &parts))
        #expect(parts == ["dl", "x", "z.md"])
        var top: [Substring] = ["a"]
        #expect(!NotePath.append(components: "../../b", to: &top), "climbing above the start fails")
        #expect(NotePath("dl/변분.오토인코더.md").stem == "변분.오토인코더")
        #expect(NotePath("dl/.hidden").stem == ".hidden" && NotePath("dl/.hidden").pathExtension.isEmpty)
        #expect(NotePath("img/Pic.PNG").pathExtension == "png")
    }
}
