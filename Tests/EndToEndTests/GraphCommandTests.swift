import Foundation
import Testing

/// `notegraph graph` as a user runs it.
@Suite struct GraphCommandTests {
    @Test func wholeGraphAsDOTByDefault() throws {
        let run = try runNotegraph(["graph", "--content", Repo.fixture("basic").path], in: Repo.root)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("digraph \"notegraph\" {"))
        #expect(run.stdout.contains("\"note:ml/vae.md\""))
        #expect(run.stderr.isEmpty)
    }

    @Test func unknownNameExitsTwoWithSuggestions() throws {
        let run = try runNotegraph(["graph", "--content", Repo.fixture("basic").path, "--around", "Variational Autoencodr"], in: Repo.root)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("no note, concept or tag is named \"Variational Autoencodr\""))
        #expect(run.stderr.contains("did you mean \"Variational Autoencoder\""))
    }

    @Test func neighbourhoodToAFile() throws {
        let dir = TempDir()
        let out = dir.url.appendingPathComponent("vae.json")
        let run = try runNotegraph(["graph", "--content", Repo.fixture("basic").path, "--around", "vae", "--depth", "2",
                                    "--format", "json", "--output", out.path], in: Repo.root)
        #expect(run.status == 0, "\(run.stderr)")
        let text = try out.read()
        #expect(text.contains("\"note:ml/vae.md\""))
        #expect(run.stderr.contains("Wrote "))
    }

    @Test func usageErrors() throws {
        for arguments in [["--format", "png"], ["--depth", "2"], ["--format", "json", "--layout", "neato"], ["--nodes", "files"]] {
            let run = try runNotegraph(["graph", "--content", Repo.fixture("basic").path] + arguments, in: Repo.root)
            #expect(run.status == 2, "\(arguments): \(run.stderr)")
        }
    }
}
