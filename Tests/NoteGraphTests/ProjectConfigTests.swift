import Diagnostics
import NoteGraph
import Notes
import SiteGenerator
import Testing

@Suite struct ProjectConfigTests {
    @Test func everyKey() {
        let text = """
        title: 딥러닝 노트
        description: 설명
        base_url: https://example.org/notes/
        language: ko
        content: notes
        output: public
        templates: theme
        publish: opt-in
        drafts: true
        ignore: ["drafts/**", "*.tmp"]
        directory_index: false
        """
        let (config, problems) = ProjectConfig.parse(text, file: "notegraph.yml")
        #expect(problems.isEmpty)
        #expect(config.title == "딥러닝 노트")
        #expect(config.description == "설명")
        #expect(config.baseURL == "https://example.org/notes/")
        #expect(config.language == .ko)
        #expect(config.content == "notes")
        #expect(config.output == "public")
        #expect(config.templates == "theme")
        #expect(config.publish == .optIn)
        #expect(config.drafts)
        #expect(config.ignore == ["drafts/**", "*.tmp"])
        #expect(!config.directoryIndex)
    }

    @Test func baseURLIsCheckedWhereItIsWritten() {
        let (bad, problems) = ProjectConfig.parse("title: T\nbase_url: javascript:alert(1)\n", file: "notegraph.yml")
        #expect(bad.baseURL == nil)
        #expect(problems.map(\.severity) == [.error])
        #expect(problems.map { "\($0.location!)" } == ["notegraph.yml:2:11"])
        #expect(problems.first?.message.contains("not an absolute http(s) URL") == true)

        let (good, none) = ProjectConfig.parse("base_url: https://me.example/노트 s/a%20b\n", file: "notegraph.yml")
        #expect(none.isEmpty)
        #expect(good.baseURL == "https://me.example/%EB%85%B8%ED%8A%B8%20s/a%20b/")
    }

    @Test func defaults() {
        let (config, problems) = ProjectConfig.parse("", file: "notegraph.yml")
        #expect(problems.isEmpty)
        #expect(config == ProjectConfig())
        #expect(config.content == "content")
        #expect(config.output == "site")
        #expect(config.publish == .optOut)
        #expect(config.directoryIndex)
    }

    @Test func wrongValuesAreLocatedErrors() {
        let (_, problems) = ProjectConfig.parse("title: ok\nlanguage: fr\npublish: sometimes\ndrafts: maybe\n", file: "notegraph.yml")
        // At the value, which is what is wrong, not at its key.
        #expect(problems.map { "\($0.location!) \($0.severity)" } == [
            "notegraph.yml:2:11 error", "notegraph.yml:3:10 error", "notegraph.yml:4:9 error",
        ])
    }

    @Test func brokenYAMLIsALocatedError() {
        let (_, problems) = ProjectConfig.parse("title: \"unclosed\nlanguage: en\n", file: "notegraph.yml")
        #expect(problems.count == 1)
        #expect(problems.first?.severity == .error)
        #expect(problems.first?.location?.line == 1)
    }

    @Test func unknownKeysWarnButReservedOnesDoNot() {
        let (_, problems) = ProjectConfig.parse("titel: typo\nmath: mathml\ngraph: {}\n", file: "notegraph.yml")
        #expect(problems.map(\.severity) == [.warning])
        #expect(problems.first?.message.contains("titel") == true)
    }

    @Test func autolinkModes() {
        #expect(ProjectConfig().autolink.rawValue == "first")
        for (written, mode) in [("first", "first"), ("all", "all"), ("none", "none"), ("None", "none"), ("false", "none"), ("true", "first")] {
            let (config, problems) = ProjectConfig.parse("autolink: \(written)\n", file: "notegraph.yml")
            #expect(problems.isEmpty, "\(written)")
            #expect(config.autolink.rawValue == mode, "\(written)")
        }
        for wrong in ["autolink: every", "autolink: [first]", "autolink: 2"] {
            let (config, problems) = ProjectConfig.parse("title: x\n" + wrong + "\n", file: "notegraph.yml")
            #expect(problems.map(\.severity) == [.error], "\(wrong)")
            #expect(problems.first?.message.hasPrefix("autolink must be first, all or none") == true, "\(wrong)")
            #expect(problems.first?.location?.line == 2, "\(wrong)")
            #expect(config.autolink.rawValue == "first")
        }
        let (_, every) = ProjectConfig.parse("autolink: every\n", file: "notegraph.yml")
        #expect(every.first?.message == "autolink must be first, all or none, not every")
    }

    @Test func conceptsAndGraphPicturesSwitches() {
        let defaults = ProjectConfig()
        #expect(defaults.concepts && defaults.graphPictures)
        let (off, problems) = ProjectConfig.parse("concepts: false\ngraph:\n  pictures: false\n", file: "notegraph.yml")
        #expect(problems.isEmpty)
        #expect(!off.concepts && !off.graphPictures)
        // A path under `concepts:` still names the glossary.
        let (glossary, none) = ProjectConfig.parse("concepts: terms.yml\n", file: "notegraph.yml")
        #expect(none.isEmpty && glossary.concepts && glossary.glossary == "terms.yml")
        let (_, bad) = ProjectConfig.parse("graph: yes please\n", file: "notegraph.yml")
        #expect(bad.map(\.severity) == [.error])
        let (_, badFlag) = ProjectConfig.parse("graph:\n  pictures: maybe\n  layout: dot\n", file: "notegraph.yml")
        #expect(badFlag.map(\.severity) == [.error, .warning])
    }

    @Test func aRepeatedKeyIsAnErrorAtTheRepetition() {
        let (_, problems) = ProjectConfig.parse("output: site\ntitle: A\noutput: public\n", file: "notegraph.yml")
        #expect(problems.map { "\($0.location!) \($0.severity) \($0.code)" } == ["notegraph.yml:3:1 error duplicate-key"])
        #expect(problems.first?.message == "'output' is set twice in one mapping (first at line 1, column 1)")
        // Inside a section too.
        let (_, nested) = ProjectConfig.parse("check:\n  timeout: 5\n  timeout: 50\n", file: "notegraph.yml")
        #expect(nested.map { "\($0.location!) \($0.code)" } == ["notegraph.yml:3:3 duplicate-key"])
    }

    @Test func twoSpellingsOfOneSettingAreAnError() {
        let (_, problems) = ProjectConfig.parse("base_url: https://a.example/\nbase-url: https://b.example/\nautolinks: all\nautolink: none\n",
                                                file: "notegraph.yml")
        #expect(problems.map { "\($0.location!) \($0.severity)" } == ["notegraph.yml:2:1 error", "notegraph.yml:4:1 error"])
        #expect(problems.first?.message == "base-url sets base_url again (first set as base_url at line 1, column 1)")
    }

    @Test func invalidGlobsAreErrorsAtTheirItem() {
        let text = "ignore:\n  - drafts/**\n  - '['\n  - '[z-a].md'\n  - ''\n  - 'a\\'\n  - {x: y}\n  - '\\[literal'\n  - '[]x]'\n"
        let (config, problems) = ProjectConfig.parse(text, file: "notegraph.yml")
        #expect(problems.map { "\($0.location!) \($0.severity)" } == [
            "notegraph.yml:3:5 error", "notegraph.yml:4:5 error", "notegraph.yml:5:5 error",
            "notegraph.yml:6:5 error", "notegraph.yml:7:5 error",
        ])
        #expect(problems[0].message == "ignore: \"[\" is not a valid glob: the [ at character 1 is never closed")
        #expect(problems[1].message.contains("the range z-a runs backwards"))
        #expect(problems[2].message.contains("nothing to match"))
        #expect(problems[3].message.contains("lone \\"))
        // The sound ones are kept.
        #expect(config.ignore == ["drafts/**", "\\[literal", "[]x]"])
        let (_, flow) = ProjectConfig.parse("title: x\nignore: ['[']\n", file: "notegraph.yml")
        #expect(flow.map { "\($0.location!)" } == ["notegraph.yml:2:10"])
    }

    @Test func anUnknownKeyNamesTheKeyMeant() {
        let (_, problems) = ProjectConfig.parse("autolnk: all\ncheck:\n  timout: 5\nzzzz: 1\n", file: "notegraph.yml")
        #expect(problems.map { "\($0.location!) \($0.severity)" } == [
            "notegraph.yml:1:1 warning", "notegraph.yml:3:3 warning", "notegraph.yml:4:1 warning",
        ])
        #expect(problems.map(\.hint) == ["did you mean autolink?", "did you mean check.timeout?", nil])
    }

    @Test func nestedValuesAreLocated() {
        let text = "math:\n  mode: mathml\n  macros:\n    \"\\\\R\": [1]\ncheck:\n  accept: [403, teapot]\n  timeout: fast\ngraph:\n  pictures: maybe\n"
        let (_, problems) = ProjectConfig.parse(text, file: "notegraph.yml")
        #expect(problems.map { "\($0.location!)" } == ["notegraph.yml:4:12", "notegraph.yml:6:17", "notegraph.yml:7:12", "notegraph.yml:9:13"])
    }

    @Test func shapesOfWholeFiles() {
        for quiet in ["", "# only a comment\n", "\n\n"] {
            let (config, problems) = ProjectConfig.parse(quiet, file: "notegraph.yml")
            #expect(problems.isEmpty && config == ProjectConfig(), "\(quiet.debugDescription)")
        }
        for (text, shape) in [("- a\n- b\n", "a list"), ("hello\n", "a single value")] {
            let (_, problems) = ProjectConfig.parse(text, file: "notegraph.yml")
            #expect(problems.map(\.severity) == [.error])
            #expect(problems.first?.message == "the file must be a mapping of keys to values, but this is \(shape)")
        }
    }

    /// A settings file has no front matter and no `---` lines: its errors do not send the
    /// author looking for them.
    @Test func syntaxErrorsAreWordedForAFile() {
        for text in ["a: &x 1\nb: *y\n", "title: \"a\\qb\"\n", String(repeating: "[", count: 200) + "\n"] {
            let (_, problems) = ProjectConfig.parse(text, file: "notegraph.yml")
            #expect(problems.map(\.severity) == [.error], "\(text)")
            let words = problems.map { $0.message + " " + ($0.hint ?? "") }.joined()
            #expect(!words.contains("front matter") && !words.contains("---"), "\(words)")
        }
    }
}
