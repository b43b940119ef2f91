import Foundation
import TeXMath
import Testing

/// The public contract: wrapper markup, problems and offsets, macros, escaping.
@Suite struct TeXMathTests {
    let converter = TeXMath()

    /// The formula's own markup, without `<math>`, `<semantics>`, the outer `<mrow>` and the annotation.
    func body(_ tex: String, display: Bool = false, converter: TeXMath = TeXMath()) -> String {
        let markup = converter.render(tex, display: display).mathML
        let start = markup.range(of: "<semantics><mrow>")!.upperBound
        let end = markup.range(of: "</mrow><annotation")!.lowerBound
        return String(markup[start..<end])
    }

    @Test func wrapperMarkup() {
        #expect(converter.render("x", display: false).mathML == """
            <math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">x</annotation></semantics></math>
            """)
        #expect(converter.render("x", display: true).mathML.hasPrefix("<math display=\"block\"><semantics><mrow>"))
        #expect(converter.render("", display: false).mathML.contains("<mrow></mrow>"))
    }

    @Test func annotationIsEscapedSourceOnOneLine() {
        let rendering = converter.render("a < b \\& c > \"d\"\n+ e", display: true)
        #expect(rendering.mathML.contains(
            "<annotation encoding=\"application/x-tex\">a &lt; b \\&amp; c &gt; &quot;d&quot;&#xA;+ e</annotation>"))
        #expect(rendering.mathML.contains("<mi>&amp;</mi><mi>c</mi><mo>&gt;</mo>"))
        #expect(!rendering.mathML.contains("\n"))
        #expect(rendering.problems.isEmpty)
    }

    @Test func unknownCommandIsRedAndReportedWithItsOffset() {
        let rendering = converter.render("a + \\foo{x}", display: false)
        #expect(rendering.mathML.contains("<merror style=\"color:#c00\"><mtext>\\foo</mtext></merror>"))
        #expect(rendering.problems == [
            MathProblem(message: "unknown TeX command \\foo", command: "\\foo", offset: 4, isUnknownCommand: true),
        ])
    }

    @Test func offsetsCountUnicodeScalars() {
        // α and 가 are one scalar each (two and three UTF-8 bytes).
        let rendering = converter.render("α가 + \\nope", display: false)
        #expect(rendering.problems.map(\.offset) == [5])
        #expect(rendering.problems.first?.isUnknownCommand == true)
    }

    @Test func problemsInsideMacrosPointAtTheCall() {
        let tex = TeXMath(macros: ["\\bad": "x + \\undefined"])
        let rendering = tex.render("y = \\bad", display: false)
        #expect(rendering.problems.map(\.offset) == [4])
        #expect(rendering.problems.first?.command == "\\undefined")
    }

    @Test func malformedInputIsNotAnUnknownCommand() {
        let rendering = converter.render("\\frac{a}", display: false)
        #expect(rendering.problems.count == 1)
        #expect(rendering.problems[0].isUnknownCommand == false)
        #expect(rendering.problems[0].command == "\\frac")
        #expect(rendering.problems[0].offset == 0)
    }

    @Test func unknownEnvironmentIsAnUnknownCommand() {
        let rendering = converter.render("x = \\begin{foo} a \\end{foo}", display: true)
        #expect(rendering.problems.map(\.isUnknownCommand) == [true])
        #expect(rendering.problems[0].offset == 4)
        #expect(rendering.mathML.contains("<mtext>\\begin{foo}</mtext>"))
    }

    @Test func problemListIsCapped() {
        let rendering = converter.render(String(repeating: "\\foo ", count: 1000), display: false)
        #expect(rendering.problems.count == 51)
        #expect(rendering.problems.last?.message == "950 more problems not listed")
    }

    // MARK: - Macros

    @Test func configuredMacros() {
        let tex = TeXMath(macros: [
            "\\R": "\\mathbb{R}", "norm": "\\left\\|#1\\right\\|", "\\pair": "(#1, #2)", "not a name": "x",
        ])
        #expect(body("\\R", converter: tex) == "<mi>ℝ</mi>")
        #expect(body("\\norm{v}", converter: tex)
            == "<mo fence=\"true\" stretchy=\"false\">‖</mo><mi>v</mi><mo fence=\"true\" stretchy=\"false\">‖</mo>")
        #expect(body("\\pair{a}b", converter: tex)
            == "<mo stretchy=\"false\">(</mo><mi>a</mi><mo>,</mo><mi>b</mi><mo stretchy=\"false\">)</mo>")
    }

    @Test func macrosDefinedInTheFormula() {
        #expect(body("\\newcommand{\\sq}[1]{#1^2}\\sq{x}") == "<msup><mi>x</mi><mn>2</mn></msup>")
        #expect(body("\\newcommand\\pt[1][0]{(#1)}\\pt \\pt[5]")
            == body("(0)(5)"))
        #expect(body("\\def\\half{\\frac12}\\half") == "<mfrac><mn>1</mn><mn>2</mn></mfrac>")
        #expect(body("\\DeclareMathOperator{\\Tr}{Tr}\\Tr A") == body("\\operatorname{Tr} A"))
        #expect(body("\\let\\to\\mapsto a \\to b") == body("a \\mapsto b"))
    }

    // MARK: - Constructs

    @Test func singleTokenArguments() {
        #expect(body("x^23") == "<msup><mi>x</mi><mn>2</mn></msup><mn>3</mn>")
        #expect(body("\\frac12") == "<mfrac><mn>1</mn><mn>2</mn></mfrac>")
    }

    @Test func limitsFollowTheStyle() {
        #expect(body("\\sum_i x", display: true).hasPrefix("<munder><mo lspace=\"0\">∑</mo><mi>i</mi></munder>"))
        #expect(body("\\sum_i x").hasPrefix("<msub><mo lspace=\"0\">∑</mo><mi>i</mi></msub>"))
        #expect(body("\\sum\\limits_i x").hasPrefix("<munder><mo lspace=\"0\" movablelimits=\"false\">∑</mo>"))
        #expect(body("\\int_0^1", display: true).hasPrefix("<msubsup>"))
        #expect(body("\\lim_{n}", display: true) == "<munder><mi>lim</mi><mi>n</mi></munder>")
        #expect(body("\\frac{\\sum_i x}{2}", display: true).contains("<msub><mo lspace=\"0\">∑</mo>"))
    }

    @Test func functionApplication() {
        #expect(body("\\sin x") == "<mi>sin</mi><mo rspace=\"0.1667em\">&#x2061;</mo><mi>x</mi>")
        #expect(body("\\sin(x)").hasPrefix("<mi>sin</mi><mo>&#x2061;</mo><mo stretchy=\"false\">(</mo>"))
        #expect(body("\\sin = 0") == "<mi>sin</mi><mo>=</mo><mn>0</mn>")
        #expect(body("\\log") == "<mi>log</mi>")
    }

    @Test func unaryOperatorsArePrefix() {
        #expect(body("-x") == "<mo>−</mo><mi>x</mi>")
        #expect(body("a=-b") == "<mi>a</mi><mo>=</mo><mo form=\"prefix\">−</mo><mi>b</mi>")
        #expect(body("a-b") == "<mi>a</mi><mo>−</mo><mi>b</mi>")
    }

    @Test func mathAlphabetsUseUnicodeLetters() {
        #expect(body("\\mathbb{RCHNPQZ}") == "<mi>ℝ</mi><mi>ℂ</mi><mi>ℍ</mi><mi>ℕ</mi><mi>ℙ</mi><mi>ℚ</mi><mi>ℤ</mi>")
        #expect(body("\\mathbb{E}") == "<mi>𝔼</mi>")
        #expect(body("\\mathcal{BEFHILMR}") == "<mi>ℬ</mi><mi>ℰ</mi><mi>ℱ</mi><mi>ℋ</mi><mi>ℐ</mi><mi>ℒ</mi><mi>ℳ</mi><mi>ℛ</mi>")
        #expect(body("\\mathcal{ego}") == "<mi>ℯ</mi><mi>ℊ</mi><mi>ℴ</mi>")
        #expect(body("\\mathfrak{CHIRZ}") == "<mi>ℭ</mi><mi>ℌ</mi><mi>ℑ</mi><mi>ℜ</mi><mi>ℨ</mi>")
        #expect(body("\\mathit{h}") == "<mi>h</mi>")
        #expect(body("\\mathbf{W1}") == "<mi>𝐖</mi><mn>𝟏</mn>")
        #expect(body("\\boldsymbol{\\theta x}") == "<mi>𝜽</mi><mi>𝒙</mi>")
        #expect(body("\\mathsf{A}\\mathtt{a}") == "<mi>𝖠</mi><mi>𝚊</mi>")
        #expect(body("\\mathrm{d}\\mathrm{max}") == "<mi mathvariant=\"normal\">d</mi><mi>max</mi>")
        #expect(body("\\Gamma\\varGamma") == "<mi mathvariant=\"normal\">Γ</mi><mi>Γ</mi>")
    }

    @Test func textKeepsItsSpaces() {
        #expect(body("\\text{ if  x }") == "<mtext>&#xA0;if x&#xA0;</mtext>")
        #expect(body("손실 함수") == "<mtext>손실 함수</mtext>")
        #expect(body("\\textbf{a}") == "<mtext style=\"font-weight:bold\">a</mtext>")
    }

    @Test func negation() {
        #expect(body("\\not=") == "<mo>≠</mo>")
        #expect(body("\\not\\in") == "<mo>∉</mo>")
        #expect(body("\\not\\propto") == "<mo>∝&#x338;</mo>")
    }

    @Test func spaces() {
        #expect(body("\\,\\quad\\!") == "<mspace width=\"0.1667em\"/><mspace width=\"1em\"/><mspace style=\"margin-left:-0.1667em\"/>")
        #expect(body("\\hspace{2pt}\\mkern9mu") == "<mspace width=\"0.2em\"/><mspace width=\"0.5em\"/>")
    }

    @Test func operatorsInScriptsAreNotSpaced() {
        #expect(body("x_{i=1}") == "<msub><mi>x</mi><mrow><mi>i</mi><mo lspace=\"0\" rspace=\"0\">=</mo><mn>1</mn></mrow></msub>")
    }

    @Test func concurrentRenderingIsDeterministic() async {
        let tex = "\\sum_{i=1}^n \\frac{\\alpha_i}{\\sqrt{x_i}} \\begin{pmatrix} a & b \\end{pmatrix}"
        let expected = converter.render(tex, display: true)
        let converter = converter
        let results = await withTaskGroup(of: MathRendering.self) { group in
            for _ in 0..<32 { group.addTask { converter.render(tex, display: true) } }
            var all: [MathRendering] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.allSatisfy { $0 == expected })
    }
}
