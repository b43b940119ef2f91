import TeXMath
import Testing

/// Formulas as students write them in notes, covering every construct the converter supports.
/// Rendered into `Golden/formulas.txt` by `GoldenTests`, compared with pandoc by `PandocStructureTests`.
struct Formula: Sendable, CustomTestStringConvertible {
    var name: String
    var tex: String
    var display: Bool

    var testDescription: String { name }
}

enum FormulaCorpus {
    /// Macros the corpus is rendered with, like a project's configuration would give.
    static let macros = [
        "\\R": "\\mathbb{R}",
        "\\norm": "\\left\\|#1\\right\\|",
        "\\E": "\\mathbb{E}",
        "\\argmax": "\\operatorname*{arg\\,max}",
    ]

    static func inline(_ name: String, _ tex: String) -> Formula { Formula(name: name, tex: tex, display: false) }
    static func display(_ name: String, _ tex: String) -> Formula { Formula(name: name, tex: tex, display: true) }

    static let all: [Formula] = [
        // The formulas from the issue.
        inline("sgd-update-unicode", "W_{t+1}←W_t−ηg_t"),
        inline("weight-decay-unicode", "\\frac{α}{2}‖W‖^2_2"),
        display("he-init", "W \\sim N(0, Var(W)), \\quad Var(W) = \\sqrt{\\frac{2}{n_{in} + n_{out}}}"),
        display("entropy", "H(P) = \\sum \\log_{2}{\\frac{1}{P(x)}} \\cdot P(x)"),
        display("expectation", "E[X] = \\sum_{i=1}^{N} x_{i}P(x_{i})"),
        inline("expectation-inline", "E[X] = \\sum_{i=1}^{N} x_{i}P(x_{i})"),
        display("softmax", "\\frac{e^{z_i}}{\\sum_j e^{z_j}}"),
        inline("softmax-inline", "\\mathrm{softmax}(z)_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}"),
        display("kl-divergence", "D_{KL}(q\\|p) = \\mathbb{E}_{q}[\\log q - \\log p]"),
        display("elbo-aligned", """
            \\begin{aligned}
            \\log p(x) &= \\log \\int p(x, z)\\, dz \\\\
            &= \\log \\mathbb{E}_{q(z)}\\left[\\frac{p(x,z)}{q(z)}\\right] \\\\
            &\\ge \\mathbb{E}_{q(z)}\\left[\\log \\frac{p(x,z)}{q(z)}\\right] = \\mathrm{ELBO}
            \\end{aligned}
            """),
        display("pmatrix", "A = \\begin{pmatrix} a_{11} & a_{12} \\\\ a_{21} & a_{22} \\end{pmatrix}"),
        display("cases-relu", "\\mathrm{ReLU}(x) = \\begin{cases} x & \\text{if } x > 0 \\\\ 0 & \\text{otherwise} \\end{cases}"),
        display("left-right-frac", "\\left( \\frac{a}{b} \\right)"),
        display("argmax-star", "\\hat{\\theta} = \\operatorname*{arg\\,max}_\\theta \\sum_{i} \\log p(x_i \\mid \\theta)"),
        inline("argmax-inline", "\\operatorname*{arg\\,max}_\\theta"),
        inline("hat", "\\hat{y}"),
        inline("mathcal-loss", "\\mathcal{L}(\\theta)"),
        inline("nabla", "\\nabla_\\theta J"),

        // Machine learning notes.
        inline("sigmoid", "\\sigma(x) = \\frac{1}{1 + e^{-x}}"),
        display("cross-entropy", "L = -\\sum_{c=1}^{C} y_c \\log \\hat{y}_c"),
        display("bayes", "P(A \\mid B) = \\frac{P(B \\mid A)\\,P(A)}{P(B)}"),
        inline("gradient-step", "\\theta_j := \\theta_j - \\alpha \\frac{\\partial}{\\partial \\theta_j} J(\\theta)"),
        display("mse", "\\mathrm{MSE} = \\frac{1}{n}\\sum_{i=1}^{n}(y_i - \\hat{y}_i)^2"),
        display("gaussian", "\\mathcal{N}(x \\mid \\mu, \\sigma^2) = \\frac{1}{\\sqrt{2\\pi\\sigma^2}} \\exp\\left(-\\frac{(x-\\mu)^2}{2\\sigma^2}\\right)"),
        display("attention", "\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right)V"),
        display("l2-regularised", "J(\\theta) = \\frac{1}{m}\\sum_{i=1}^m L(\\hat y^{(i)}, y^{(i)}) + \\frac{\\lambda}{2m}\\|w\\|_2^2"),
        display("adam", "\\hat{m}_t = \\frac{m_t}{1 - \\beta_1^t}, \\quad \\theta_t = \\theta_{t-1} - \\frac{\\eta}{\\sqrt{\\hat{v}_t} + \\epsilon}\\hat{m}_t"),
        display("chain-rule", "\\frac{\\partial L}{\\partial w} = \\frac{\\partial L}{\\partial y}\\frac{\\partial y}{\\partial w}"),
        inline("derivative-d", "\\frac{d}{dx} e^x = e^x, \\quad \\frac{\\mathrm{d}y}{\\mathrm{d}x}"),
        inline("variance", "\\mathrm{Var}(X) = \\mathbb{E}[X^2] - (\\mathbb{E}[X])^2"),
        inline("transpose-inverse", "\\Sigma = \\frac{1}{n} X^\\top X, \\quad A^{-1}, A^T"),
        display("p-norm", "\\|x\\|_p = \\left(\\sum_{i=1}^n |x_i|^p\\right)^{1/p}"),
        inline("absolute-value", "|x - y| < \\epsilon"),
        display("taylor", "f(x) = \\sum_{n=0}^{\\infty} \\frac{f^{(n)}(a)}{n!}(x-a)^n"),
        inline("matrix-product", "C_{ij} = \\sum_k A_{ik} B_{kj}"),
        inline("bernoulli", "\\Pr(X = x) = p^x (1-p)^{1-x}"),
        display("log-likelihood", "\\ell(\\theta) = \\sum_{i=1}^n \\log p_\\theta(x^{(i)})"),
        display("gan-minimax", "\\min_G \\max_D V(D, G) = \\mathbb{E}_{x \\sim p_{\\text{data}}}[\\log D(x)] + \\mathbb{E}_{z \\sim p_z}[\\log(1 - D(G(z)))]"),
        display("bellman", "V^\\pi(s) = \\mathbb{E}_\\pi\\left[\\sum_{k=0}^\\infty \\gamma^k r_{t+k+1} \\,\\middle|\\, s_t = s\\right]"),
        display("euler", "e^{i\\pi} + 1 = 0"),

        // Fractions, roots, binomials.
        inline("sqrt-index", "\\sqrt[3]{x^2 + y^2}"),
        display("binom", "\\binom{n}{k} = \\frac{n!}{k!(n-k)!}"),
        inline("over-choose", "{a+b \\over c} + {n \\choose k}"),
        inline("dfrac-tfrac", "\\dfrac{1}{2} + \\tfrac{1}{2}"),
        display("cfrac", "x = a_0 + \\cfrac{1}{a_1 + \\cfrac{1}{a_2}}"),
        inline("frac-shorthand", "\\frac12 + \\frac\\alpha\\beta"),
        display("sqrt-frac", "\\sqrt{\\frac{1}{2}}"),

        // Big operators and limits.
        display("limit", "\\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n = e"),
        inline("limit-inline", "\\lim_{n \\to \\infty} \\left(1 + \\frac{1}{n}\\right)^n = e"),
        display("integral", "\\int_{-\\infty}^{\\infty} e^{-x^2}\\,dx = \\sqrt{\\pi}"),
        display("max-min", "\\max_{i} a_i \\le \\min_j b_j"),
        inline("max-min-inline", "\\max_{i} a_i \\le \\min_j b_j"),
        display("sup-inf", "\\sup_{x \\in S} f(x) \\ge \\inf_{x \\in S} f(x)"),
        display("limits-nolimits", "\\sum\\nolimits_{i} x_i + \\int\\limits_0^1 f"),
        inline("limits-inline", "\\sum\\limits_{i=1}^n i"),
        display("multiple-integrals", "\\iint_D f\\,dA, \\quad \\oint_C \\mathbf{F}\\cdot d\\mathbf{r}"),
        display("product", "\\prod_{i=1}^n x_i"),
        display("big-set-operators", "\\bigcup_{i} A_i, \\bigcap_j B_j, \\bigoplus_k V_k, \\bigotimes_k W_k, \\coprod_l X_l"),
        display("substack", "\\sum_{\\substack{0 \\le i \\le m \\\\ 0 < j < n}} P(i, j)"),
        display("mathop", "\\mathop{\\mathrm{lim\\,sup}}_{n} a_n, \\quad a \\mathrel{R} b, \\quad a \\mathbin{\\#} b"),
        display("arg-max", "\\arg\\max_x f(x) = \\arg\\min_x -f(x)"),
        inline("operatorname", "\\operatorname{ReLU}(x) = \\max(0, x)"),

        // Functions.
        inline("trig-squared", "\\sin^2\\theta + \\cos^2\\theta = 1"),
        inline("functions", "\\tanh(x), \\ln x, \\exp(x), \\det A, \\ker f, \\dim V, \\gcd(a, b), \\arcsin y, \\sinh t"),
        inline("log-base", "\\log_2 n + \\lg n + \\log_{10} x"),

        // Scripts and primes.
        inline("primes", "f'(x) + f''(x) + y''' + g'^2 + h'_1"),
        display("derivative-limit", "f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}"),
        inline("nested-scripts", "x^{y^z} + x_{i_j} + {x^a}^b + x_i^2 + x^2_i"),
        inline("empty-base", "{}^{14}_{6}\\mathrm{C}"),

        // Symbols.
        inline("greek-lower", "\\alpha\\beta\\gamma\\delta\\epsilon\\varepsilon\\zeta\\eta\\theta\\vartheta\\iota\\kappa\\lambda\\mu\\nu\\xi\\pi\\varpi\\rho\\varrho\\sigma\\varsigma\\tau\\upsilon\\phi\\varphi\\chi\\psi\\omega"),
        inline("greek-upper", "\\Gamma\\Delta\\Theta\\Lambda\\Xi\\Pi\\Sigma\\Upsilon\\Phi\\Psi\\Omega\\varGamma"),
        inline("relations", "a \\le b \\leq c \\ge d \\neq e \\approx f \\sim g \\simeq h \\cong i \\propto j \\equiv k \\ll l \\gg m"),
        inline("sets", "A \\subset B \\subseteq C, x \\in A \\cup B, y \\notin A \\cap B, \\emptyset \\ni z, A \\setminus B"),
        inline("logic", "\\forall x \\exists y: P(x) \\land \\lnot Q(y) \\implies R \\iff S"),
        inline("gets", "W_{t+1} \\gets W_t - \\eta g_t, \\quad \\theta \\leftarrow \\theta + \\alpha, \\quad x \\to y"),
        inline("arrows", "f: X \\to Y, x \\mapsto y, A \\Rightarrow B, C \\Leftrightarrow D, E \\longrightarrow F \\hookrightarrow G"),
        inline("binary-operators", "a \\pm b \\mp c \\times d \\div e \\cdot f \\circ g \\otimes h \\oplus i \\odot j"),
        inline("dots", "x_1, x_2, \\dots, x_n \\quad a_1 + \\dots + a_n \\quad a_1 + \\cdots + a_n \\quad \\vdots \\ddots \\ldots"),
        inline("ordinary-symbols", "\\infty, \\partial, \\hbar, \\ell, \\Re, \\Im, \\aleph, \\angle, \\triangle, \\top, \\bot, \\prime"),
        inline("divides-parallel", "a \\mid b, a \\parallel b, a \\perp b, f \\coloneqq g, a \\triangleq b, a \\doteq b"),
        inline("angle-brackets", "\\langle x, y \\rangle"),
        inline("unicode-operators", "a · b − c × d ≤ e ≠ f → g, ∞, ∑, ∫"),
        inline("unary-minus", "-x + (-1) = -(x+1), a = -b, \\pm c"),
        inline("numbers", "3.14159, 0.5, .5, 1{,}000, 2."),
        inline("escapes", "100\\% \\$5 \\#1 a\\&b \\_ \\{x\\}"),

        // Accents and stacking.
        inline("accents", "\\bar{x}, \\tilde{x}, \\vec{v}, \\dot{x}, \\ddot{x}, \\check{x}, \\breve{x}, \\acute{x}, \\grave{x}"),
        inline("wide-accents", "\\widehat{xyz}, \\widetilde{abc}, \\overline{AB}, \\underline{x+y}"),
        display("braces", "\\underbrace{a + \\cdots + a}_{n\\text{ times}} = \\overbrace{1+2+3}^{6}"),
        inline("overset", "\\overset{\\text{def}}{=}, \\underset{x}{\\operatorname{arg\\,min}}, \\stackrel{?}{=}"),
        inline("accented-bold", "\\hat{\\mathbf{x}}, \\vec{\\nabla}"),
        inline("extensible-arrows", "A \\xrightarrow{f} B \\xleftarrow[g]{h} C"),

        // Fonts.
        inline("blackboard", "\\mathbb{R}^n, \\mathbb{N}, \\mathbb{Z}, \\mathbb{Q}, \\mathbb{C}, \\mathbb{E}, \\mathbb{1}"),
        inline("bold", "\\mathbf{W}x + \\mathbf{b}, \\boldsymbol{\\theta}, \\bm{\\mu}, \\boldsymbol{\\Sigma}, \\mathbf{1}"),
        inline("script-fraktur", "\\mathcal{B}, \\mathcal{H}, \\mathscr{F}, \\mathfrak{g}, \\mathfrak{R}, \\mathsf{T}, \\mathtt{x}, \\mathit{diff}, \\mathcal{e}"),
        inline("roman", "\\mathrm{d}x, \\mathrm{ReLU}, \\mathrm{T2}, \\mathit{h}"),

        // Text.
        inline("text-hangul", "\\text{loss} = \\text{손실 함수}, \\textbf{bold}, \\textit{it}, \\mbox{box}"),
        inline("raw-hangul", "x는 입력, y는 출력"),
        inline("text-with-math", "\\text{for all $x$ in } A"),
        inline("text-ligatures", "\\text{``quoted'' -- dash --- em}"),

        // Delimiters.
        inline("left-right-kinds", "\\left[ \\frac{1}{2} \\right], \\left\\{ x \\right\\}, \\left\\langle u, v \\right\\rangle, \\left| x \\right|, \\left\\| v \\right\\|"),
        inline("middle", "P\\left(A \\middle| B\\right)"),
        display("left-dot", "\\left. \\frac{df}{dx} \\right|_{x=0}"),
        inline("big-delimiters", "\\big( \\Big( \\bigg( \\Bigg( x \\Bigg) \\bigg) \\Big) \\big) \\bigl[ y \\bigr] \\bigm| z"),
        inline("floor-ceil-norms", "\\lfloor x \\rfloor + \\lceil y \\rceil, \\lVert x \\rVert, \\lvert y \\rvert, \\{ a, b \\}"),

        // Spacing and layout commands.
        inline("spaces", "a\\,b\\:c\\;d\\!e\\quad f\\qquad g\\ h~i \\hspace{1em} j \\mkern18mu k"),
        inline("negation", "a \\not= b, x \\not\\in A, p \\not\\equiv q, a \\not\\prec b, \\not x"),
        inline("boxed", "\\boxed{E = mc^2}"),
        display("tag", "E = mc^2 \\tag{1}"),
        inline("displaystyle", "\\displaystyle\\sum_{i=1}^n i = \\frac{n(n+1)}{2}"),
        display("textstyle", "\\textstyle\\sum_{i=1}^n i"),
        inline("color", "\\color{red}{x} + \\textcolor{blue}{y} + \\textcolor[HTML]{00AA00}{z}"),
        inline("mod", "a \\equiv b \\pmod{m}, a \\bmod b, x \\mod 3"),
        inline("phantom", "\\phantom{x}y + \\mathstrut z + \\vphantom{\\frac{1}{2}} w"),
        inline("sizes", "\\large x \\small y"),

        // Environments.
        display("bmatrix", "\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}"),
        display("vmatrix-determinant", "\\det A = \\begin{vmatrix} a & b \\\\ c & d \\end{vmatrix} = ad - bc"),
        display("other-matrices", "\\begin{Bmatrix} a \\end{Bmatrix} \\begin{Vmatrix} b \\end{Vmatrix} \\begin{matrix} c & d \\end{matrix}"),
        inline("smallmatrix", "\\left(\\begin{smallmatrix} a & b \\\\ c & d \\end{smallmatrix}\\right)"),
        display("matrix-dots", "\\begin{pmatrix} a_{11} & \\cdots & a_{1n} \\\\ \\vdots & \\ddots & \\vdots \\\\ a_{m1} & \\cdots & a_{mn} \\end{pmatrix}"),
        display("array-rule", "\\left[\\begin{array}{cc|c} 1 & 2 & 3 \\\\ 4 & 5 & 6 \\end{array}\\right]"),
        display("array-hline", "\\begin{array}{|l|r|}\\hline a & b \\\\ \\hline c & d \\\\ \\hline\\end{array}"),
        display("align", "\\begin{align} \\mathcal{L}(\\theta) &= -\\log p(x \\mid \\theta) \\\\ \\nabla_\\theta \\mathcal{L} &= -\\frac{\\partial}{\\partial \\theta} \\log p(x \\mid \\theta) \\end{align}"),
        display("align-star", "\\begin{align*} f(x) &= (x+1)^2 \\\\ &= x^2 + 2x + 1 \\end{align*}"),
        display("aligned-pairs", "\\begin{aligned} a &= 1 & b &= 2 \\\\ c &= 3 & d &= 4 \\end{aligned}"),
        display("gathered", "\\begin{gathered} a = b \\\\ c = d \\end{gathered}"),
        display("equation-split", "\\begin{equation} \\begin{split} a &= b + c \\\\ &= d \\end{split} \\end{equation}"),
        display("dcases", "|x| = \\begin{dcases} \\frac{x}{1} & x \\ge 0 \\\\ -x & x < 0 \\end{dcases}"),
        display("display-line-breaks", "a = b \\\\ c = d"),
        inline("inline-line-break-ignored", "a = b \\\\ c = d"),

        // Macros.
        inline("user-macros", "x \\in \\R^n, \\norm{x}_2, \\E[X], \\argmax_x f"),
        inline("newcommand", "\\newcommand{\\vect}[1]{\\mathbf{#1}} \\vect{v} + \\vect{w}"),
        inline("def", "\\def\\half{\\frac{1}{2}} \\half x"),

        // Source details.
        inline("comment-and-newline", "a % comment\n + b"),
        inline("unknown-command", "\\foo + \\bar{x}"),
    ]
}
