@testable import Linker
import Testing

/// "Did you mean …?" suggestions, shared by the linker's warnings and `notegraph check`.
@Suite struct NearestTests {
    @Test func nearestNames() {
        let nearest = Nearest(["ELBO", "VAE", "변분 오토인코더", "Kullback-Leibler Divergence", "note-00003"])
        #expect(nearest.nearest(to: "ELBOO") == "ELBO")
        #expect(nearest.nearest(to: "elbo") == "ELBO")
        #expect(nearest.nearest(to: "vaee") == "VAE")
        #expect(nearest.nearest(to: "vea") == nil)  // a transposition is two edits; three letters allow one
        #expect(nearest.nearest(to: "변분 오토인코다") == "변분 오토인코더")
        #expect(nearest.nearest(to: "Kullback Leibler Divergence") == "Kullback-Leibler Divergence")
        #expect(nearest.nearest(to: "T3359") == nil)
        #expect(nearest.nearest(to: "") == nil)
        #expect(Nearest.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 5) == 3)
        #expect(Nearest.distance(Array("kitten".unicodeScalars), Array("sitting".unicodeScalars), limit: 2) == 3)
        #expect(Nearest.distance(Array("".unicodeScalars), Array("ab".unicodeScalars), limit: 5) == 2)
    }
}
