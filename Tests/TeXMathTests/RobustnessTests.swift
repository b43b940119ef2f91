import Foundation
import TeXMath
import Testing

/// Malformed and pathological input: never a crash, always a problem, always well-formed MathML,
/// and time linear in the input. Sizes are chosen so a quadratic step would take minutes; there
/// are no timers (a slow run shows as a slow suite, not a flaky assertion).
@Suite struct RobustnessTests {
    static let converter = TeXMath()

    /// Renders on a thread with a 512 KiB stack, the size of a secondary thread on macOS and of
    /// GCD worker threads, to prove the depth limit keeps recursion within small stacks.
    static func renderOnSmallStack(_ tex: String, display: Bool) -> MathRendering {
        final class Result: @unchecked Sendable { var rendering: MathRendering? }
        let result = Result()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            result.rendering = converter.render(tex, display: display)
            done.signal()
        }
        thread.stackSize = 512 * 1024
        thread.start()
        done.wait()
        return result.rendering!
    }

    static func expectWellFormed(_ rendering: MathRendering, sourceLocation: SourceLocation = #_sourceLocation) {
        let markup = rendering.mathML
        let shape = markup.hasPrefix("<math") && markup.hasSuffix("</math>") && !markup.utf8.contains(10)
        #expect(shape, "one <math> element on one line", sourceLocation: sourceLocation)
        do {
            let roots = try MiniXML.checkWellFormed(markup)
            #expect(roots == 1, sourceLocation: sourceLocation)
        } catch {
            Issue.record("not well-formed: \(error)", sourceLocation: sourceLocation)
        }
    }

    static let n = 10_000

    static let deepInputs: [(String, String)] = [
        ("nested braces", String(repeating: "{", count: n) + "x" + String(repeating: "}", count: n)),
        ("unclosed braces", String(repeating: "{", count: n) + "x"),
        ("nested \\frac{", String(repeating: "\\frac{", count: n) + "x"),
        ("balanced \\frac", String(repeating: "\\frac{a}{", count: n) + "x" + String(repeating: "}", count: n)),
        ("\\frac without braces", String(repeating: "\\frac1", count: n) + "x"),
        ("nested \\sqrt", String(repeating: "\\sqrt{", count: n) + "x"),
        ("nested root index", String(repeating: "\\sqrt[", count: n) + "x"),
        ("nested \\left(", String(repeating: "\\left(", count: n) + "x"),
        ("balanced \\left\\right", String(repeating: "\\left(", count: n) + "x" + String(repeating: "\\right)", count: n)),
        ("nested superscripts", String(repeating: "x^{", count: n) + "x"),
        ("single-token arguments", "x^" + String(repeating: "\\sqrt", count: n) + "x"),
        ("nested environments", String(repeating: "\\begin{pmatrix}", count: n) + "x"),
        ("balanced environments", String(repeating: "\\begin{matrix}a&", count: n) + String(repeating: "\\end{matrix}", count: n)),
        ("nested text math", String(repeating: "\\text{$", count: n) + "x"),
        ("nested text styles", String(repeating: "\\text{\\textbf{", count: n) + "x"),
        ("nested fonts", String(repeating: "\\mathbf{", count: n) + "x"),
        ("nested \\overset", String(repeating: "\\overset{", count: n) + "x"),
        ("nested \\substack", String(repeating: "\\substack{", count: n) + "x"),
        ("nested arrows", String(repeating: "\\xrightarrow[", count: n) + "x"),
        ("negated roots", String(repeating: "\\not\\sqrt", count: n) + "x"),
        ("mixed", String(repeating: "{\\left(\\frac{\\sqrt{x^{\\begin{matrix}\\text{$\\hat{\\operatorname{", count: n / 10) + "x"),
    ]

    @Test(arguments: deepInputs.map(\.0))
    func deepNestingRendersFlatOnSmallStack(_ name: String) {
        let tex = Self.deepInputs.first { $0.0 == name }!.1
        for display in [false, true] {
            let rendering = Self.renderOnSmallStack(tex, display: display)
            Self.expectWellFormed(rendering)
            #expect(rendering.problems.contains { $0.message.contains("nested deeper than") })
        }
    }

    @Test func deepNestingInATask() async {
        let tex = String(repeating: "{", count: Self.n) + "x" + String(repeating: "}", count: Self.n)
        let rendering = await Task.detached { Self.converter.render(tex, display: true) }.value
        Self.expectWellFormed(rendering)
        #expect(rendering.problems.count == 1)
        #expect(rendering.mathML.contains("<mi>x</mi>"))
    }

    @Test func nestingWithinTheLimitIsNotFlattened() {
        let depth = TeXMath.maximumDepth - 1
        let rendering = Self.converter.render(String(repeating: "\\sqrt{", count: depth) + "x" + String(repeating: "}", count: depth), display: false)
        #expect(rendering.problems.isEmpty)
        #expect(rendering.mathML.components(separatedBy: "<msqrt>").count - 1 == depth)
    }

    static let malformed: [(tex: String, expected: String)] = [
        ("\\frac{a}", "missing argument for \\frac"),
        ("^", "missing superscript after ^"),
        ("x^", "missing superscript after ^"),
        ("x_", "missing subscript after _"),
        ("x^^2", "missing superscript after ^"),
        ("x^2^3", "double superscript"),
        ("x_1_2", "double subscript"),
        ("x^2'", "prime after a superscript"),
        ("\\left( x", "\\left without a matching \\right"),
        ("x \\right)", "\\right without a matching \\left"),
        ("\\left x \\right)", "\\left must be followed by a delimiter"),
        ("x }", "unmatched }"),
        ("{x", "missing } to close this {"),
        ("a & b", "& outside a table"),
        ("\\begin{pmatrix} a & b", "missing \\end{pmatrix}"),
        ("\\begin{pmatrix} a \\end{bmatrix}", "\\begin{pmatrix} ended by \\end{bmatrix}"),
        ("\\end{matrix}", "\\end without \\begin"),
        ("\\begin{foo} a \\end{foo}", "unknown TeX environment foo"),
        ("\\sqrt[3 x", "missing ] to close this ["),
        ("\\text{abc", "missing } to close this text"),
        ("\\text{$x}", "missing $ to end math inside text"),
        ("x \\", "a lone \\ at the end"),
        ("\\middle|", "\\middle outside"),
        ("\\limits", "\\limits must follow a big operator"),
        ("\\color{url(javascript:alert(1))}{x}", "unsupported colour"),
        ("\\textcolor[rgb]{2,0,0}{x}", "unsupported colour"),
        ("\\hspace{wide}", "\\hspace needs a length"),
        ("{a \\over b \\over c}", "ambiguous"),
        ("\\def\\a{\\a}\\a", "macro expansion stopped"),
        ("\\newcommand{\\twice}[1]{#1#1\\twice{#1}}\\twice{x}", "macro expansion stopped"),
        ("\\tag{1} \\tag{2} x", "more than one \\tag"),
        ("\\begin", "\\begin must be followed by an environment name"),
        ("\\newcommand", "must be followed by a command name"),
    ]

    @Test(arguments: malformed.map(\.tex))
    func malformedInputIsReported(_ tex: String) {
        let expected = Self.malformed.first { $0.tex == tex }!.expected
        for display in [false, true] {
            let rendering = Self.converter.render(tex, display: display)
            Self.expectWellFormed(rendering)
            #expect(rendering.problems.contains { $0.message.contains(expected) }, "\(rendering.problems)")
        }
    }

    @Test func unsafeColourNeverReachesTheStyleAttribute() {
        let rendering = Self.converter.render("\\color{red;background:url(x)} x \\textcolor{#12345g}{y}", display: false)
        let markup = rendering.mathML.components(separatedBy: "<annotation")[0]
        #expect(!markup.contains("url("))
        #expect(!markup.contains("#12345g"))
        #expect(rendering.problems.count == 2)
    }

    /// Inputs where an accidental quadratic step (re-scanning, inserting at the front, nested
    /// wrappers per repetition) would take minutes.
    static let large: [(String, String)] = [
        ("stray closing braces", String(repeating: "}", count: 200_000)),
        ("ampersands", String(repeating: "a&", count: 50_000)),
        ("unclosed \\left", String(repeating: "\\left(", count: 50_000)),
        ("unmatched \\right", String(repeating: "\\right)", count: 100_000)),
        ("repeated \\over", String(repeating: "a \\over ", count: 100_000)),
        ("double subscripts", "x" + String(repeating: "_a", count: 50_000)),
        ("primes", "x" + String(repeating: "'", count: 200_000)),
        ("style switches", String(repeating: "\\displaystyle a \\color{red} b ", count: 20_000)),
        ("unknown commands", String(repeating: "\\foo ", count: 50_000)),
        ("long row", String(repeating: "a+", count: 100_000)),
        ("long text", "\\text{" + String(repeating: "가나 ", count: 100_000) + "}"),
        ("many rows", "\\begin{aligned}" + String(repeating: "a &= b \\\\", count: 20_000) + "\\end{aligned}"),
        ("many cells", "\\begin{matrix}" + String(repeating: "a & ", count: 100_000) + "\\end{matrix}"),
        ("long number", String(repeating: "1", count: 200_000) + "." + String(repeating: "5", count: 200_000)),
        ("function names", String(repeating: "\\sin ", count: 50_000)),
        ("big operators", String(repeating: "= \\sum_i ", count: 40_000)),
    ]

    @Test(arguments: large.map(\.0))
    func largeInputIsLinear(_ name: String) {
        let tex = Self.large.first { $0.0 == name }!.1
        let rendering = Self.converter.render(tex, display: true)
        Self.expectWellFormed(rendering)
        #expect(rendering.problems.count <= 51)
    }

    @Test func megabyteFormula() {
        let typical = "\\mathcal{N}(x \\mid \\mu, \\sigma^2) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} "
            + "\\exp\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right) + \\sum_{i=1}^n \\alpha_i "
        let tex = String(repeating: typical, count: 1_000_000 / typical.utf8.count + 1)
        let rendering = Self.converter.render(tex, display: true)
        Self.expectWellFormed(rendering)
        #expect(rendering.problems.isEmpty)
    }

    @Test func megabyteOfGarbage() {
        let garbage = "\\foo{ x^^2 & } \\left( \\frac{a} \\right] \\end{x} ^ _ ' \\begin{y} $ # ~ \\ "
        let tex = String(repeating: garbage, count: 1_000_000 / garbage.utf8.count + 1)
        let rendering = Self.converter.render(tex, display: false)
        Self.expectWellFormed(rendering)
        #expect(rendering.problems.count == 51)
        #expect(rendering.problems.last?.message.hasSuffix("more problems not listed") == true)
    }

    @Test func macroBombsStop() {
        var bomb = ""
        let names = (0..<20).map { "m" + String(UnicodeScalar(UInt8(97 + $0))) }
        for (index, name) in names.enumerated().dropLast() {
            bomb += "\\def\\\(name){\\\(names[index + 1])\\\(names[index + 1])}"
        }
        bomb += "\\def\\\(names.last!){xy}\\\(names[0])"
        let rendering = Self.converter.render(bomb, display: false)
        Self.expectWellFormed(rendering)
        #expect(rendering.problems.contains { $0.message.contains("macro expansion stopped") })

        let configured = TeXMath(macros: ["\\loop": "\\loop\\loop x", "\\grow": "#1#1\\grow{#1#1}"])
        for tex in ["\\loop", "\\grow{ab}"] {
            let looping = configured.render(tex, display: true)
            Self.expectWellFormed(looping)
            #expect(looping.problems.contains { $0.message.contains("macro expansion stopped") })
        }
    }

    @Test func randomInputNeverCrashes() {
        // A fixed linear congruential generator: reproducible, no Foundation randomness.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let pieces = ["{", "}", "^", "_", "&", "\\\\", "\\frac", "\\left(", "\\right)", "\\middle|", "\\begin{pmatrix}",
                      "\\end{pmatrix}", "\\text{", "$", "x", "1", "\\sqrt[", "]", "'", "\\over", "\\foo", "\\not", "\\",
                      "\\color{red}", "\\displaystyle", "#1", "%", "\n", "가", "∑", "\\operatorname*{", "\\def\\a{\\a}"]
        for _ in 0..<300 {
            var tex = ""
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                tex += pieces[Int(state >> 33) % pieces.count]
            }
            Self.expectWellFormed(Self.converter.render(tex, display: state & 1 == 0))
        }
    }
}
