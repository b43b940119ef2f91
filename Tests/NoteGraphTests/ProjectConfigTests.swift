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
        #expect(problems.map { "\($0.location!)" } == ["notegraph.yml:2:1"])
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
        #expect(problems.map { "\($0.location!) \($0.severity)" } == [
            "notegraph.yml:2:1 error", "notegraph.yml:3:1 error", "notegraph.yml:4:1 error",
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
}
