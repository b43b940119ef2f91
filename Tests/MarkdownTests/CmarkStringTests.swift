import Diagnostics
import Testing
@testable import Markdown

/// cmark's texts become strings through `String(utf8:)`, which checks the bytes with our own
/// loop and skips the standard library's: it must give exactly `String(decoding:as:)`, the
/// repairs of ill-formed bytes included.
@Suite struct CmarkStringTests {
    @Test func sameStringAsTheStandardLibraryForWellAndIllFormedBytes() {
        var samples: [[UInt8]] = [
            [], Array("plain ascii, long enough to take the eight-byte path".utf8),
            Array("손실함수 $L$는 KL 발산".utf8), Array("𝔼[x] ∑ é e\u{301}".utf8),
            [0xFF], [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0x61, 0xEA, 0xB0], [0xEA, 0xB0, 0x80, 0x80], [0xF0, 0x9F, 0x98], Array("ab".utf8) + [0x80] + Array("cd".utf8),
        ]
        var state: UInt64 = 42
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 40) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = state >> 59
                switch pick {
                case 0..<12: bytes.append(UInt8(truncatingIfNeeded: 0x20 + (state >> 20) % 0x5F))
                case 12..<20: bytes += Array("가".utf8)
                case 20..<24: bytes += Array("😀".utf8)
                default: bytes.append(UInt8(truncatingIfNeeded: state >> 40))
                }
            }
            samples.append(bytes)
        }
        for bytes in samples {
            let ours = bytes.withUnsafeBufferPointer { String(utf8: $0) }
            let reference = String(decoding: bytes, as: UTF8.self)
            #expect(Array(ours.utf8) == Array(reference.utf8), "\(bytes)")
            #expect(ours == reference)
        }
    }
}
