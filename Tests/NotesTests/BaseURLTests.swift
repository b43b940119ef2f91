import Notes
import Testing

@Suite struct BaseURLTests {
    func normalized(_ text: String) -> String? {
        if case .success(let url) = BaseURL.normalize(text) { return url }
        return nil
    }

    @Test func encodesWhatAURIMayNotHoldRaw() {
        #expect(normalized("https://me.example/노트 s/") == "https://me.example/%EB%85%B8%ED%8A%B8%20s/")
        #expect(normalized("https://x.org/a\"b<c>/") == "https://x.org/a%22b%3Cc%3E/")
        #expect(normalized("https://x.org/100%/") == "https://x.org/100%25/")
    }

    @Test func keepsWhatIsAlreadyEncoded() {
        #expect(normalized("https://me.example/a%20b/") == "https://me.example/a%20b/")
        #expect(normalized("https://me.example/%EB%85%B8%ED%8A%B8/") == "https://me.example/%EB%85%B8%ED%8A%B8/")
        let once = normalized("https://me.example/노트 s/%41 x")!
        #expect(normalized(once) == once)
    }

    @Test func addsTheTrailingSlashAndLowersTheScheme() {
        #expect(normalized("https://x.org") == "https://x.org/")
        #expect(normalized("  HTTPS://X.org/notes ") == "https://X.org/notes/")
        #expect(normalized("http://localhost:8000/a&b=c;d/") == "http://localhost:8000/a&b=c;d/")
    }

    @Test func rejectsWhatCannotBeABase() {
        for bad in ["javascript:alert(1)", "notes/", "//x.org/", "ftp://x.org/", "https:///a/",
                    "https://x.org/?a=1", "https://x.org/#top", "https://노트.example/", "https://a b.org/"] {
            #expect(normalized(bad) == nil, "\(bad)")
        }
    }
}
