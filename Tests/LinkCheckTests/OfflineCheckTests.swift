import Diagnostics
import Foundation
@testable import LinkCheck
import Linker
import Notes
import Testing

@Suite struct FixtureVaultTests {
    @Test func workingLinksOfEveryFormAreNotFlagged() throws {
        let vault = try LoadedVault(Fixtures.url("check-clean"))
        let report = vault.check()
        #expect(report.findings.map(\.description) == [])
        #expect(report.notesChecked == 4)
        // Markdown links, images, wikilinks, embeds, raw-HTML images and links; not the ones
        // in code. The raw `<a href>` to a web page is an external link like a Markdown one.
        #expect(report.linksChecked == 30)
        #expect(report.external.map(\.url) == ["https://example.org/"])
        #expect(Orphans.find(in: vault.linked).map(\.description) == [])
    }

    @Test func everyKindAtItsExactLocation() throws {
        let report = try LoadedVault(Fixtures.url("check-broken")).check()
        #expect(report.findings.map(\.brief) == [
            "notes/source.md:6:1 broken-link",
            "notes/source.md:8:1 broken-anchor",
            "notes/source.md:10:6 broken-wikilink",
            "notes/source.md:12:1 missing-asset",
            "notes/source.md:14:1 outside-content",
            "notes/source.md:16:5 broken-anchor",
            "notes/source.md:18:1 broken-anchor",
            "notes/source.md:20:1 broken-anchor",
            "notes/source.md:22:1 ambiguous",
            "notes/source.md:24:1 unpublished-link",
            "notes/source.md:26:1 missing-asset",
            "notes/source.md:28:8 missing-asset",
            "notes/source.md:31:1 missing-asset",
            "notes/source.md:34:1 case-mismatch",
        ])
        let byLine = Dictionary(uniqueKeysWithValues: report.findings.map { ($0.location.line, $0) })
        #expect(byLine[6]?.target == "no-such-note.md")
        #expect(byLine[8]?.target == "target.md#한글-제목-2")
        #expect(byLine[8]?.hint == "did you mean #한글-제목-1?")
        #expect(byLine[10]?.target == "ELBOO")
        #expect(byLine[10]?.hint == "did you mean [[ELBO]]?")
        #expect(byLine[14]?.target == "../../etc/passwd")
        #expect(byLine[16]?.message == "notes/target.md has no heading \"세부\" under \"Other\"")
        #expect(byLine[18]?.message == "notes/target.md has no block ^no-such-block")
        #expect(byLine[20]?.message == "this note has no heading \"Nowhere\"")
        #expect(byLine[22]?.message.contains("a/dup.md, b/dup.md") == true)
        #expect(byLine[22]?.severity == .warning)
        #expect(byLine[24]?.severity == .warning)
        #expect(byLine[28]?.target == "../images/gone.png")
        #expect(byLine[31]?.target == "../images/also-gone.png")
        #expect(byLine[34]?.message.contains("works on macOS and breaks on Linux") == true)
        #expect(byLine[34]?.suggestion == "target.md")
        // The draft's own broken links are not the site's problem: it is not published.
        #expect(!report.findings.contains { $0.location.file == "notes/draft.md" })
    }

    @Test func orphansAreNotesAndFilesNothingLinksTo() throws {
        let vault = try LoadedVault(Fixtures.url("check-broken"))
        #expect(Orphans.find(in: vault.linked).map(\.brief) == [
            "images/unused.png:1:1 orphan",
            "notes/lonely.md:1:1 orphan",
        ])
    }
}

@Suite struct AnchorTests {
    @Test func koreanHeadingsWithDuplicatesUseTheSiteSlugs() throws {
        let dir = TempFolder()
        try dir.write("강의.md", """
        # 강의

        ## 한글 제목

        ## 한글 제목

        ## 자료구조: 스택 & 큐 (Stack)
        """)
        try dir.write("a.md", """
        [ok](강의.md#한글-제목) [ok](강의.md#한글-제목-1) [ok](강의.md#자료구조-스택--큐-stack) [[강의#자료구조: 스택 & 큐 (Stack)]]
        [bad](강의.md#한글-제목-2)
        [bad](강의.md#한글제목)
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:2:1 broken-anchor", "a.md:3:1 broken-anchor"])
        #expect(findings.map(\.suggestion) == ["#한글-제목-1", "#한글-제목"])
        #expect(findings[0].message == "강의.md has no heading with id #한글-제목-2")
    }

    /// Raw `<a href>` links are checked as the Markdown links they are read as: a note that
    /// is not there, a heading it lacks, a heading of this note that is not there.
    @Test func rawHTMLLinksAreChecked() throws {
        let dir = TempFolder()
        try dir.write("other.md", "# Other\n\n## Part\n")
        try dir.write("files/sheet.pdf", "%PDF")
        try dir.write("a.md", """
        # A

        <a href="other.md">ok</a> <a href="other.md#part">ok</a> <a href="files/sheet.pdf">ok</a>
        <p>See <a href="gone.md">gone</a>,
        <a href="other.md#nope">no heading</a> and <a href='#nope'>here</a>.</p>
        <a href="#a">top</a> <a href="mailto:x@y.org">mail</a>
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:4:8 broken-link", "a.md:5:1 broken-anchor", "a.md:5:44 broken-anchor"])
        #expect(findings.map(\.target) == ["gone.md", "other.md#nope", "#nope"])
    }

    /// `Note.md` and `note.md`: a link spelled as one of them is not ambiguous, and its
    /// anchor is checked against that note (the one the site links), not the other.
    @Test func anExactSpellingIsNotAmbiguous() throws {
        let dir = TempFolder()
        try dir.write("Note.md", "# Upper\n\n## Only upper\n")
        try dir.write("note.md", "# Lower\n\n## Only lower\n")
        try dir.write("a.md", "[[Note#Only upper]] [[note#Only lower]]\n[[NOTE]]\n[[note#Only upper]]\n")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:2:1 ambiguous", "a.md:3:1 broken-anchor"])
        #expect(findings.first?.suggestion == "[[Note]]")
    }

    @Test func nestedHeadingsAreCheckedSectionBySection() throws {
        let dir = TempFolder()
        try dir.write("note.md", """
        # Note

        ## A

        ### B

        ## C

        ### D

        ## A

        ### E
        """)
        try dir.write("a.md", """
        [[note#A#B]] [[note#C#D]] [[note#Note#A#B]] [[note#A#E]]
        [[note#A#D]]
        [[note#C#B]]
        [[note#Z#B]]
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:2:1 broken-anchor", "a.md:3:1 broken-anchor", "a.md:4:1 broken-anchor"])
        #expect(findings[0].message == "note.md has no heading \"D\" under \"A\"")
        #expect(findings[1].message == "note.md has no heading \"B\" under \"C\"")
        #expect(findings[2].message == "note.md has no heading \"Z\"")
    }

    /// A footnote id is an anchor only on a page that lists that footnote: `#fn-3` of a note
    /// with two footnotes leads nowhere (the site drops it), and the check says so.
    @Test func footnoteAnchorsCountTheFootnotes() throws {
        let dir = TempFolder()
        try dir.write("note.md", "# Note\n\nOne[^a] and two[^b].\n\n[^a]: A.\n[^b]: B.\n")
        try dir.write("plain.md", "# Plain\n\nNo footnotes.\n")
        try dir.write("a.md", "[1](note.md#fn-2) [2](note.md#fnref-1) [3](note.md#fnref-2-2)\n[4](note.md#fn-3)\n[5](plain.md#fn-1)\n[6](#fn-1)\n")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:2:1 broken-anchor", "a.md:3:1 broken-anchor", "a.md:4:1 broken-anchor"])
    }

    @Test func blockIdsAndSameNoteHeadings() throws {
        let dir = TempFolder()
        try dir.write("note.md", """
        # Note

        A paragraph that ends with an id. ^para-1

        - a list item ^item-2

        ```
        code ^not-a-block
        ```
        """)
        try dir.write("a.md", """
        # Here

        [[note#^para-1]] [[note#^item-2]] [x](note.md#^para-1) [[#Here]] [x](#here)
        [[note#^not-a-block]]
        [[note#^para-2]]
        [[#There]]
        [x](#there)
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:4:1 broken-anchor", "a.md:5:1 broken-anchor", "a.md:6:1 broken-anchor", "a.md:7:1 broken-anchor"])
        #expect(findings[1].suggestion == "[[note#^para-1]]")
        #expect(findings[2].suggestion == "[[#Here]]")
        #expect(findings[3].suggestion == "#here")
    }

    @Test func blockIdParsing() {
        let ids = BlockIDs.ids(in: """
        Text ^one
        Not^glued
        ^two
        ~~~
        ^three
        ~~~
        trailing spaces ^four-4  \r
        ````
        ```
        ^five
        ````
        """)
        #expect(ids == ["one", "two", "four-4"])
    }

    /// The skeleton gives the ids of the body, on generated bodies of fences (closed, unclosed,
    /// nested, indented, with trailing text), id lines inside and outside them, glued carets,
    /// math, CRLF and Korean.
    @Test func blockIDSkeletonGivesTheBodysIDs() {
        let lines = ["Text ^one", "Not^glued", "^two", "~~~", "````", "```", "   ```", "    ```", "``` python",
                     "```x ^three", "수식 $x^2$ ^둘", "문단 ^four-4  \r", "\t^five", "", "plain", "~~~~ ^six", "ab ^",
                     "```  ", "^seven\r", "한글 ^eight"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        for _ in 0..<2_000 {
            let body = (0..<next(14)).map { _ in lines[next(lines.count)] }.joined(separator: "\n")
            let skeleton = BlockIDs.skeleton(of: body)
            #expect(BlockIDs.ids(in: skeleton) == BlockIDs.ids(in: body), "\(body.debugDescription)")
            #expect(skeleton.utf8.count <= body.utf8.count)
        }
    }

    @Test func checkedPartOfBody() {
        let plain = "# 제목\n\n본문 [x](a.md) and [[b]].\n"
        #expect(OfflineChecker.checkedPart(ofBody: plain) == "")
        let math = "# 제목\n\n$x^2$ 문단 ^blk\n\n다른 줄\n"
        #expect(OfflineChecker.checkedPart(ofBody: math) == "$x^2$ 문단 ^blk")
        for whole in ["a <IMG src=x.png> b ^c", "<a id=\"x\"></a>", "<a name='y'></a>", "a <img"] {
            #expect(OfflineChecker.checkedPart(ofBody: whole) == whole)
        }
        for body in [plain, math, "<a id=\"x\"></a> ^z", "<img src=\"p.png\">\n^q"] {
            let part = OfflineChecker.checkedPart(ofBody: body)
            #expect(Anchors.htmlIDs(in: part) == Anchors.htmlIDs(in: body))
            #expect(BlockIDs.ids(in: part) == BlockIDs.ids(in: body))
            #expect(HTMLImages.mayHoldImage(part) == HTMLImages.mayHoldImage(body))
        }
    }
}

@Suite struct FileNameTests {
    /// Korean typed on a keyboard is NFC; macOS writes file names NFD. Linux and most hosts
    /// compare bytes, so the link finds nothing there.
    @Test func nfcLinkToNfdFileAndBack() throws {
        let dir = TempFolder()
        let nfdNote = "한글".decomposedStringWithCanonicalMapping + ".md"
        let nfdImage = "사진".decomposedStringWithCanonicalMapping + ".png"
        try dir.write(nfdNote, "# 한글 노트\n")
        try dir.write(nfdImage, "png")
        try dir.write("정리.md", "# 정리\n")       // NFC on disk
        let nfdLink = "정리".decomposedStringWithCanonicalMapping + ".md"
        try dir.write("a.md", "[h](한글.md) ![p](사진.png) [[한글]] [ok](\(nfdNote))\n[j](\(nfdLink)) [ok](정리.md)\n")
        try #require(try dir.rawNames().contains { Array($0.utf8) == Array(nfdNote.utf8) }, "the file system normalises names")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:1:1 case-mismatch", "a.md:1:12 case-mismatch", "a.md:2:1 case-mismatch"])
        #expect(findings[0].message == "\"한글.md\" differs from the file name 한글.md only in Unicode normalisation (NFC written, NFD on disk): it works on macOS and breaks on Linux and most hosts")
        #expect(findings[1].target == "사진.png")
        #expect(findings[2].message.contains("(NFD written, NFC on disk)"))
        // The suggestion is the name as it is on disk.
        #expect(findings[0].suggestion.map { Array($0.utf8) } == Array(nfdNote.utf8))
    }

    @Test func caseDifferences() throws {
        let dir = TempFolder()
        try dir.write("Index.md", "# 색인\n")
        try dir.write("img/Photo.PNG", "png")
        try dir.write("sub/readme.md", "# sub\n")
        try dir.write("a.md", "[i](index.md) [i](Index.md) ![p](img/photo.png) [s](sub/) [s](SUB/)\n<img src=\"img/PHOTO.png\">\n")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:1:1 case-mismatch", "a.md:1:29 case-mismatch", "a.md:1:59 case-mismatch", "a.md:2:1 case-mismatch"])
        #expect(findings[0].message == "\"index.md\" finds Index.md only by ignoring case: it works on macOS and breaks on Linux and most hosts")
        #expect(findings[1].suggestion == "img/Photo.PNG")
    }

    @Test func linksInsideAnNfdFolderResolveAgainstItsRealName() throws {
        let dir = TempFolder()
        let folder = "강의".decomposedStringWithCanonicalMapping
        try dir.write("\(folder)/a.md", "[b](b.md) [up](../c.md) [self](../\(folder)/b.md)\n")
        try dir.write("\(folder)/b.md", "# b\n")
        try dir.write("c.md", "[a](강의/a.md) [a](\(folder)/a.md)\n")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["c.md:1:1 case-mismatch"])
    }

    @Test func percentEncodedExtensionlessAndRootRelative() throws {
        let dir = TempFolder()
        try dir.write("dl/활성화 함수.md", "# 활성화 함수\n\n## ReLU 정의\n")
        try dir.write("images/Pasted image 1.png", "png")
        try dir.write("notes/a.md", """
        [a](../dl/%ED%99%9C%EC%84%B1%ED%99%94%20%ED%95%A8%EC%88%98.md#relu-%EC%A0%95%EC%9D%98)
        [b](../dl/활성화%20함수) [c](/dl/활성화 함수.md) ![d](../images/Pasted%20image%201.png) ![[Pasted image 1.png|200]]
        [e](../dl/%ED%99%9C%EC%84%B1%ED%99%94%20%ED%95%A8%EC%88%98.md#relu)
        [f](/../secret.txt)
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["notes/a.md:3:1 broken-anchor", "notes/a.md:4:1 outside-content"])
        #expect(findings[0].suggestion == nil)
    }
}

@Suite struct WikilinkTests {
    @Test func namesTitlesAliasesAndSuggestions() throws {
        let dir = TempFolder()
        try dir.write("ml/vae.md", "---\ntitle: Variational Autoencoder\naliases: [VAE, 변분 오토인코더]\n---\n# VAE\n")
        try dir.write("ml/elbo.md", "# ELBO\n")
        try dir.write("a.md", """
        [[vae]] [[ml/vae]] [[Variational Autoencoder]] [[변분 오토인코더]] [[ELBO]] [[ml/elbo.md]]
        [[ELBOO]] and [[변분 오토인코더기]] and [[Something Else Entirely]]
        ![[missing.png]] ![[elbo]]
        """)
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:2:1 broken-wikilink", "a.md:2:15 broken-wikilink", "a.md:2:33 broken-wikilink", "a.md:3:1 missing-asset"])
        #expect(findings.map(\.suggestion) == ["[[ELBO]]", "[[변분 오토인코더]]", nil, nil])
        #expect(findings[0].message == "no note or file named \"ELBOO\"")
    }
}

@Suite struct DeferredSuggestionTests {
    /// Suggestions are answered after the pass, for all broken links at once, from names made
    /// in parts of 1,024 notes: the answers are those of one index over every published name
    /// and concept, as the checker built before; unpublished notes are never suggested.
    @Test func answersAsOneIndexOverTheVault() throws {
        let dir = TempFolder()
        for i in 0..<2_200 {
            try dir.write("n/note-\(i).md", "---\ntitle: Study note \(i)\naliases: [Topic \(i * 7)]\n---\n# Study note \(i)\n")
        }
        try dir.write("draft.md", "---\ntitle: Hidden Draft Name\ndraft: true\n---\n")
        try dir.write("c.md", "# Concepts\n\n## Evidence Lower Bound (ELBO)\n\n정의.\n")
        try dir.write("img/figure-1.png", "x")
        let wanted = ["Study note 1O", "Study nte 2150", "topic 140O", "Topic 15394", "ELBOO", "Evidence Lower Bund",
                      "Hidden Draft Nam", "Study note 2201", "study-note", "Nothing near at all", "note-1q"]
        try dir.write("links.md", wanted.map { "[[\($0)]]" }.joined(separator: "\n") + "\n![[figure-2.png]]\n[x](n/note-1O.md) ![i](img/figure-3.png)\n")
        let vault = try LoadedVault(dir.url)
        let findings = vault.check().findings
        var names: [String] = []
        for note in vault.linked.notes where note.isPublished {
            names += [note.path.stem, note.title] + note.note.frontMatter.aliases
        }
        let index = Nearest(names + vault.linked.concepts.concepts.flatMap(\.names))
        let wiki = findings.filter { $0.kind == .brokenWikilink }
        #expect(wiki.map(\.target) == wanted)
        #expect(wiki.map(\.suggestion) == wanted.map { index.nearest(to: $0).map { "[[\($0)]]" } })
        #expect(wiki.compactMap(\.suggestion).count >= 6)
        #expect(!wiki.contains { $0.suggestion == "[[Hidden Draft Name]]" })
        #expect(findings.filter { $0.kind != .brokenWikilink }.map(\.suggestion) == ["![[img/figure-1.png]]", "n/note-1.md", "img/figure-1.png"])
    }
}

@Suite struct ConceptLinkTests {
    /// `[[ELBO]]` with no note of that name leads to the concept's page, which the Linker builds
    /// from the heading `## Evidence Lower Bound (ELBO)`.
    @Test func wikilinksToConceptsResolve() throws {
        let dir = TempFolder()
        try dir.write("vae.md", "# VAE\n\n## Evidence Lower Bound (ELBO)\n\n정의.\n")
        try dir.write("a.md", "[[ELBO]] [[Evidence Lower Bound]] [[ELBOO]]\n")
        let findings = try LoadedVault(dir.url).check().findings
        #expect(findings.map(\.brief) == ["a.md:1:35 broken-wikilink"])
        #expect(findings.first?.suggestion == "[[ELBO]]")
    }

    /// `check` links with the concepts' names only: the same findings, suggestions from concept
    /// names included.
    @Test func namesOnlyConceptsFindTheSame() throws {
        let dir = TempFolder()
        try dir.write("vae.md", "# VAE\n\n## Evidence Lower Bound (ELBO)\n\n정의.\n\n## Kullback-Leibler Divergence (KLD)\n\n정의.\n")
        try dir.write("b.md", "---\naliases: [kullback leibler divergence]\n---\n# B\n")
        try dir.write("a.md", "[[ELBO]] [[Evidense Lower Bound]] [[Kullback-Leibler Divergense]] [[KLDD]] [[Nothing Near]]\n")
        let full = try LoadedVault(dir.url).check().findings
        let names = try LoadedVault(dir.url, conceptNamesOnly: true).check().findings
        #expect(names.map(\.suggestion) == ["[[Evidence Lower Bound]]", "[[Kullback-Leibler Divergence]]", "[[KLD]]", nil])
        #expect(names.map(\.brief) == full.map(\.brief))
        #expect(names.map(\.suggestion) == full.map(\.suggestion))
        #expect(names.map(\.message) == full.map(\.message))
    }

    @Test(arguments: ["basic", "check-broken", "check-clean", "concepts/content", "vae-elbo-kl/content"])
    func namesOnlyConceptsFindTheSameInFixtures(_ fixture: String) throws {
        let full = try LoadedVault(Fixtures.url(fixture)).check()
        let names = try LoadedVault(Fixtures.url(fixture), conceptNamesOnly: true).check()
        #expect(names.findings.map(\.brief) == full.findings.map(\.brief))
        #expect(names.findings.map(\.suggestion) == full.findings.map(\.suggestion))
        #expect(names.findings.map(\.message) == full.findings.map(\.message))
        #expect(names.linksChecked == full.linksChecked)
    }
}

@Suite struct ChangeScopeTests {
    @Test func aChangedNoteBringsTheNotesLinkingToIt() throws {
        let vault = try LoadedVault(Fixtures.url("check-broken"))
        let scope = ChangeScope.sources(in: vault.linked, changed: [NotePath("notes/target.md")])
        let paths = scope.map { vault.linked.notes[$0].path.string }.sorted()
        #expect(paths == ["notes/source.md", "notes/target.md"])
        let report = vault.check(sources: scope)
        #expect(report.notesChecked == 2)
        #expect(report.findings.allSatisfy { $0.location.file == "notes/source.md" })
    }

    @Test func aDeletedNoteBringsTheNotesThatNameIt() throws {
        let vault = try LoadedVault(Fixtures.url("check-broken"))
        let deleted = ChangeScope.sources(in: vault.linked, changed: [NotePath("notes/no-such-note.md")])
        #expect(deleted.map { vault.linked.notes[$0].path.string } == ["notes/source.md"])
        let renamed = ChangeScope.sources(in: vault.linked, changed: [NotePath("notes/ELBOO.md")])
        #expect(renamed.map { vault.linked.notes[$0].path.string } == ["notes/source.md"])
        let unrelated = ChangeScope.sources(in: vault.linked, changed: [NotePath("notes/lonely.md")])
        #expect(unrelated.map { vault.linked.notes[$0].path.string } == ["notes/lonely.md"])
    }
}

@Suite struct HelperTests {
    @Test func rawHTMLImagesWithTheirLocations() {
        let found = HTMLImages.sourcesOfImages(in: Array("""
        text <IMG SRC='a.png'> and <img
          alt="x > y" src="b%20c.png?x=1&amp;y=2">
        <image src="no.png"> <img data-src="lazy.png">
        가나 <img src=plain.png/>
        """.utf8))
        #expect(found.map(\.source) == ["a.png", "b%20c.png?x=1&y=2", "plain.png/"])
        #expect(found.map(\.line) == [1, 1, 4])
        #expect(found.map(\.column) == [6, 28, 4])
    }

    @Test func rawPathResolution() {
        let names = RawNames(spellings: [NotePath("a/b.md"): "a/b.md", NotePath("c.png"): "c.png"])
        #expect(names.resolve("../c.png", from: NotePath("a/b.md")) == "c.png")
        #expect(names.resolve("/x/./y.md", from: NotePath("a/b.md")) == "x/y.md")
        #expect(names.resolve("../../c.png", from: NotePath("a/b.md")) == nil)
        #expect(names.reaches("a/b", NotePath("a/b.md")))
        #expect(!names.reaches("a/B", NotePath("a/b.md")))
    }

    /// Resolving against a note's folder made once gives what splitting and joining components
    /// gave (the former implementation, below), for every mix of `.`, `..`, empty components,
    /// leading `/` and non-ASCII names.
    @Test func rawResolutionMatchesComponentJoining() {
        let sources = ["a/b.md", "top.md", "a/c/d/e.md", "한글/노트.md", "a/./b/../c.md", "cafe\u{301}/n.md", "ピ/x/n.md"]
        let names = RawNames(spellings: Dictionary(uniqueKeysWithValues: sources.map { (NotePath($0), $0) }))
        func joined(_ reference: String, from source: NotePath) -> String? {
            var parts: [Substring] = []
            if !reference.hasPrefix("/") {
                parts = NotePath.components(of: names.spelling(of: source))
                parts.removeLast()
            }
            guard NotePath.append(components: reference, to: &parts) else { return nil }
            return parts.joined(separator: "/")
        }
        let pieces = ["..", ".", "", "x", "노트", "e\u{301}", "b.md", "...", "é", "ピ"]
        var state: UInt64 = 3
        for _ in 0..<3_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var components: [String] = []
            for k in 0..<Int(state >> 61) {
                let bits: UInt64 = state >> UInt64(k * 3 + 10)
                components.append(pieces[Int(bits % UInt64(pieces.count))])
            }
            var reference = components.joined(separator: "/")
            if state & 1 == 0 { reference = "/" + reference }
            if state & 2 == 0 { reference += "/" }
            for source in sources.map(NotePath.init) {
                // Byte for byte (String's `==` would let an NFC and an NFD spelling pass), and a
                // string that counts and says ASCII as the joined one does: the resolved string is
                // made without validation, its ASCII flag set by the walk.
                let resolved = names.resolve(reference, in: names.folder(of: source))
                let expected = joined(reference, from: source)
                #expect(resolved.map { Array($0.utf8) } == expected.map { Array($0.utf8) }, "\(reference)")
                #expect(resolved?.count == expected?.count && resolved?.isASCIIOnly == expected?.isASCIIOnly, "\(reference)")
            }
        }
        #expect(names.resolve("/\u{301}x", from: NotePath("a/b.md")) == joined("/\u{301}x", from: NotePath("a/b.md")))
    }

    /// `reaches` compares with memcmp what the slices' `elementsEqual` compared: the same bytes,
    /// or those and `.md` or `.markdown`, or the folder of an index note; for NFC and NFD
    /// twins, case, prefixes and empty strings.
    @Test func reachesMatchesTheByteComparison() {
        let targets = ["a/b.md", "a/b.markdown", "cafe\u{301}.md", "노트.md", "x/index.md", "x/README.md", "b", "a/b.mdx", "y/_index.md"]
        let names = RawNames(spellings: Dictionary(uniqueKeysWithValues: targets.map { (NotePath($0), $0) }))
        func reference(_ written: String, _ target: NotePath) -> Bool {
            let actual = Array(names.spelling(of: target).utf8), bytes = Array(written.utf8)
            if actual.count >= bytes.count, actual.prefix(bytes.count).elementsEqual(bytes) {
                let rest = actual.dropFirst(bytes.count)
                if rest.isEmpty || rest.elementsEqual(".md".utf8) || rest.elementsEqual(".markdown".utf8) { return true }
            }
            let folder = written.hasSuffix("/") ? String(written.dropLast()) : written
            if ["index", "readme", "_index"].contains(target.stem.lowercased()) {
                let actualFolder = names.spelling(of: target).split(separator: "/").dropLast().joined(separator: "/")
                return Array(actualFolder.utf8) == Array(folder.utf8)
            }
            return false
        }
        let written = ["", "a", "a/b", "a/b.md", "a/b.m", "a/b.markdown", "a/b.md.md", "a/B", "cafe\u{301}", "café", "노트", "노트.md",
                       "x", "x/", "X", "b", "b.md", "a/b.mdx", "y", "a/b.", "a/b.mark"]
        for target in targets.map(NotePath.init) {
            for text in written {
                #expect(names.reaches(text, target) == reference(text, target), "\(text.debugDescription) \(target.string)")
            }
        }
    }

    /// Spellings are filed by the bytes of the vault path, and folders cut from the spelling's
    /// bytes: the same answers as a table keyed by `NotePath` and splitting into components,
    /// for NFC and NFD twins, empty components, a leading `/` and names with no folder.
    @Test func spellingsAndFoldersByBytes() {
        let pieces = ["a", "B", "", ".", "..", "노트", "e\u{301}", "é", "\u{1100}\u{1161}", "가", "x.md", " "]
        var state: UInt64 = 11
        var spellings: [NotePath: String] = [:]
        var asked: [NotePath] = []
        for _ in 0..<2_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let raw = (0..<Int(1 + state >> 62)).map { k in pieces[Int((state >> UInt64(8 * k + 3)) % UInt64(pieces.count))] }
                .joined(separator: state & 1 == 0 ? "/" : "//")
            guard let path = NotePath(normalizing: raw) else { continue }
            if state & 6 != 0 { spellings[path] = (state & 8 == 0 ? "/" : "") + raw }
            asked.append(path)
        }
        let names = RawNames(spellings: spellings)
        for path in asked {
            let expected = spellings[path] ?? path.string
            #expect(Array(names.spelling(of: path).utf8) == Array(expected.utf8), "\(path.string.debugDescription)")
            let joined = NotePath.components(of: expected).dropLast().joined(separator: "/")
            #expect(names.resolve("x", in: names.folder(of: path)) == (joined.isEmpty ? "x" : joined + "/x"), "\(expected.debugDescription)")
        }
        // An NFD spelling is found from the NFC path, and the other way round.
        let twins = RawNames(spellings: [NotePath("cafe\u{301}.md"): "cafe\u{301}.md", NotePath("노트.md"): "노트.md"])
        #expect(Array(twins.spelling(of: NotePath("café.md")).utf8) == Array("cafe\u{301}.md".utf8))
        #expect(twins.spelling(of: NotePath("\u{1102}\u{1169}\u{1110}\u{1173}.md")) == "노트.md")
        #expect(twins.exists("cafe\u{301}.md") && !twins.exists("café.md"))
    }

    /// The prefilter of raw-HTML images never says no to a text that has one.
    @Test func imagePrefilter() {
        for text in ["<img src=a.png>", "x <IMG\nsrc='a'>", "가나 <iMg/src=b>", "<img", "end <img"] {
            #expect(HTMLImages.mayHoldImage(text), "\(text)")
        }
        for text in ["", "<im", "<image>", "< img src=a>", "img src=a", "<i mg>", "<<<<", "<im\u{301}g>"] {
            #expect(!HTMLImages.mayHoldImage(text), "\(text)")
            #expect(HTMLImages.sourcesOfImages(in: Array(text.utf8)).isEmpty)
        }
    }
}
