import Foundation
import Testing
@testable import SearchIndex

@Suite struct SearchIndexWriterTests {
    /// The JSON inside the script, parsed back.
    func parsed(_ bytes: [UInt8]) throws -> [String: Any] {
        let text = String(decoding: bytes, as: UTF8.self)
        let prefix = "window.notegraphSearchIndex = "
        #expect(text.hasPrefix(prefix))
        #expect(text.hasSuffix(";\n"))
        let json = text.dropFirst(prefix.count).dropLast(2)
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func writesOneEntryALineWithItsPartsOnlyWhenPresent() {
        let documents = [
            SearchDocument(kind: .note, title: "VAE", href: "dl/vae/index.html", folder: "dl", tags: ["generative"],
                           aliases: ["Variational Autoencoder"],
                           sections: [.init(heading: "", fragment: "", text: "intro"), .init(heading: "ELBO", fragment: "elbo", text: "bound")]),
            SearchDocument(kind: .concept, title: "KL", href: "concepts/kl/index.html"),
            SearchDocument(kind: .tag, title: "generative", href: "tags/generative/index.html"),
        ]
        let text = String(decoding: SearchIndexWriter.write(documents, mode: .full), as: UTF8.self)
        #expect(text == """
        window.notegraphSearchIndex = {"version":1,"mode":"full","documents":[
        {"k":"note","t":"VAE","u":"dl/vae/index.html","f":"dl","g":["generative"],"a":["Variational Autoencoder"],"s":[["","","intro"],["ELBO","elbo","bound"]]},
        {"k":"concept","t":"KL","u":"concepts/kl/index.html"},
        {"k":"tag","t":"generative","u":"tags/generative/index.html"}
        ]};

        """)
        #expect(String(decoding: SearchIndexWriter.write([], mode: .titles), as: UTF8.self)
            == "window.notegraphSearchIndex = {\"version\":1,\"mode\":\"titles\",\"documents\":[\n]};\n")
    }

    @Test func everyStringSurvivesTheRoundTrip() throws {
        let awkward = "quote \" backslash \\ tab \t newline \n cr \r nul \u{0} bell \u{7} del \u{7F} "
            + "line sep \u{2028} para sep \u{2029} other E2: \u{2026} — ‘x’ 한글 \u{1F600} </script>"
        let document = SearchDocument(kind: .note, title: awkward, href: "a/%ED%95%9C/index.html", folder: awkward,
                                       tags: [awkward], aliases: [awkward, ""], sections: [.init(heading: awkward, fragment: awkward, text: awkward)])
        let bytes = SearchIndexWriter.write([document], mode: .full)
        let text = String(decoding: bytes, as: UTF8.self)
        // Raw line terminators would end a JavaScript string in older engines.
        #expect(!text.contains("\u{2028}") && !text.contains("\u{2029}"))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(text.split(separator: "\n").count == 3)
        let index = try parsed(bytes)
        let entry = try #require((index["documents"] as? [[String: Any]])?.first)
        #expect(entry["t"] as? String == awkward)
        #expect(entry["f"] as? String == awkward)
        #expect(entry["g"] as? [String] == [awkward])
        #expect(entry["a"] as? [String] == [awkward, ""])
        #expect(entry["s"] as? [[String]] == [[awkward, awkward, awkward]])
    }

    @Test func theSameDocumentsGiveTheSameBytes() {
        let documents = (0..<200).map { i in
            SearchDocument(kind: .note, title: "노트 \(i)", href: "n\(i)/index.html", sections: [.init(heading: "", fragment: "", text: "text \(i)")])
        }
        #expect(SearchIndexWriter.write(documents, mode: .full) == SearchIndexWriter.write(documents, mode: .full))
    }
}
