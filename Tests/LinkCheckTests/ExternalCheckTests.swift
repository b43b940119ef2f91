import Diagnostics
import Foundation
@testable import LinkCheck
import Testing

/// The external check against a server on 127.0.0.1 that the test starts: never the internet.
/// Every wait is bounded (timeouts of a second or less, Retry-After of one second).
@Suite(.serialized) struct ExternalCheckTests {
    func settings(_ change: (inout ExternalSettings) -> Void = { _ in }) -> ExternalSettings {
        var settings = ExternalSettings()
        settings.timeout = 1
        settings.retries = 1
        settings.concurrency = 8
        settings.perHost = 4
        change(&settings)
        return settings
    }

    @Test func verdictsForEachKindOfAnswer() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let paths = ["/ok", "/created", "/moved", "/permanent", "/temporary", "/moved-to-missing", "/missing", "/gone",
                     "/forbidden", "/no-head", "/head-404", "/error"]
        let results = await ExternalChecker(settings: settings { $0.retries = 0 }).check(urls: paths.map(server.url))
        let verdicts = Dictionary(uniqueKeysWithValues: zip(paths, results))
        #expect(verdicts["/ok"]?.verdict == .ok)
        #expect(verdicts["/created"]?.verdict == .ok)
        #expect(verdicts["/moved"]?.verdict == .ok)
        #expect(verdicts["/moved"]?.movedTo?.status == 301)
        #expect(verdicts["/moved"]?.movedTo?.url == server.url("/ok"))
        #expect(verdicts["/permanent"]?.movedTo?.status == 308)
        #expect(verdicts["/temporary"]?.verdict == .ok)
        #expect(verdicts["/temporary"]?.movedTo == nil)
        #expect(verdicts["/moved-to-missing"]?.verdict == .broken)
        #expect(verdicts["/moved-to-missing"]?.reason == "404 Not Found at \(server.url("/missing"))")
        #expect(verdicts["/missing"]?.verdict == .broken)
        #expect(verdicts["/missing"]?.reason == "404 Not Found")
        #expect(verdicts["/gone"]?.verdict == .broken)
        #expect(verdicts["/forbidden"]?.verdict == .unverified)
        #expect(verdicts["/error"]?.verdict == .unverified)
        // HEAD refused (405) or answered wrongly (404): GET decides.
        #expect(verdicts["/no-head"]?.verdict == .ok)
        #expect(verdicts["/head-404"]?.verdict == .ok)
        let log = server.requests
        #expect(log.contains("HEAD /no-head") && log.contains("GET /no-head"))
        #expect(log.filter { $0.hasSuffix(" /ok") }.allSatisfy { $0.hasPrefix("HEAD") })
    }

    @Test func retryAfterIsHonoured() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let started = Date()
        let results = await ExternalChecker(settings: settings()).check(urls: [server.url("/limited"), server.url("/always-limited")])
        #expect(results.map(\.verdict) == [.ok, .unverified])
        #expect(results[1].reason.hasPrefix("429 Too Many Requests"))
        let times = server.requestTimes.filter { $0.0.hasSuffix(" /limited") }.map(\.1)
        try #require(times.count == 2)
        #expect(times[1].timeIntervalSince(times[0]) >= 0.9)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func aRetryAfterBeyondTheLimitIsNotWaitedFor() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let started = Date()
        let results = await ExternalChecker(settings: settings { $0.retries = 3 }).check(urls: [server.url("/limited-long")])
        #expect(results.map(\.verdict) == [.unverified])
        #expect(server.requests == ["HEAD /limited-long"])
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func slowAnswersTimeOutAsUnverified() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let started = Date()
        let results = await ExternalChecker(settings: settings { $0.timeout = 0.5; $0.retries = 0 }).check(urls: [server.url("/slow")])
        #expect(results.map(\.verdict) == [.unverified])
        #expect(results[0].reason == "no answer within 0.5 s")
        #expect(Date().timeIntervalSince(started) < 3)
    }

    @Test func unknownHostsAreBroken() async {
        let results = await ExternalChecker(settings: settings { $0.retries = 0 }).check(urls: ["http://no-such-host.invalid/page"])
        #expect(results.map(\.verdict) == [.broken])
        #expect(results.first?.reason == "host not found")
    }

    @Test func findingsAtEveryPlaceAUrlIsWritten() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        func link(_ path: String, _ line: Int) -> ExternalLink {
            ExternalLink(url: server.url(path), written: server.url(path) + "#part", location: SourceLocation(file: "a.md", line: line, column: 3))
        }
        let (findings, results) = await ExternalChecker(settings: settings { $0.retries = 0 }).check([
            link("/missing", 1), link("/ok", 2), link("/moved", 3), link("/forbidden", 4), link("/missing", 5),
        ])
        #expect(results.count == 4)
        #expect(findings.map(\.brief) == ["a.md:1:3 external-broken", "a.md:3:3 redirect", "a.md:4:3 external-unverified", "a.md:5:3 external-broken"])
        #expect(findings[0].message == "\(server.url("/missing")): 404 Not Found")
        #expect(findings[0].target == server.url("/missing") + "#part")
        #expect(findings[1].suggestion == server.url("/ok"))
        #expect(findings[1].severity == .warning)
        #expect(findings[2].severity == .warning)
        #expect(server.requests.filter { $0 == "HEAD /missing" }.count == 1, "each URL is requested once")
    }

    @Test func excludePatternsAndAcceptedCodes() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let checker = ExternalChecker(settings: settings { $0.exclude = ["/missing$", "^https://example\\.org"]; $0.accept = [403] })
        let results = await checker.check(urls: [server.url("/missing"), "https://example.org/x", server.url("/forbidden")])
        #expect(results.map(\.verdict) == [.excluded, .excluded, .ok])
        #expect(!server.requests.contains { $0.hasSuffix("/missing") })
    }

    @Test func successesAreCachedBetweenRuns() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let dir = TempFolder()
        let cacheFile = dir.url.appendingPathComponent(".notegraph/link-cache.json")
        let checker = ExternalChecker(settings: settings { $0.cacheFile = cacheFile; $0.retries = 0 })
        let urls = [server.url("/ok"), server.url("/missing")]
        let first = await checker.check(urls: urls)
        #expect(first.map(\.verdict) == [.ok, .broken])
        let second = await checker.check(urls: urls)
        #expect(second.map(\.verdict) == [.cached, .broken])
        #expect(server.requests.filter { $0.hasSuffix(" /ok") }.count == 1)
        #expect(server.requests.filter { $0.hasSuffix(" /missing") }.count == 4, "HEAD and GET, twice: failures are never cached")
        // An entry older than cache_days is asked again.
        let text = try String(contentsOf: cacheFile, encoding: .utf8)
        let old = text.replacingOccurrences(of: #""checked":[0-9.e+]+"#, with: "\"checked\":1000", options: .regularExpression)
        try Data(old.utf8).write(to: cacheFile)
        let third = await checker.check(urls: [server.url("/ok")])
        #expect(third.map(\.verdict) == [.ok])
        #expect(server.requests.filter { $0.hasSuffix(" /ok") }.count == 2)
    }

    @Test func concurrencyStaysWithinTheLimits() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let urls = (1...12).map { server.url("/busy/\($0)") }
        let perHost = await ExternalChecker(settings: settings { $0.concurrency = 10; $0.perHost = 3 }).check(urls: urls)
        #expect(perHost.allSatisfy { $0.verdict == .ok })
        #expect(server.peakConcurrency <= 3)
        #expect(server.peakConcurrency >= 2, "requests do run side by side")
    }

    @Test func retryAfterValues() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)   // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(ExternalChecker.retryAfterSeconds("120", now: now) == 120)
        #expect(ExternalChecker.retryAfterSeconds("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(ExternalChecker.retryAfterSeconds("soon", now: now) == nil)
        #expect(ExternalChecker.requestURL("https://ko.wikipedia.org/wiki/변분 오토인코더")?.absoluteString
            == "https://ko.wikipedia.org/wiki/%EB%B3%80%EB%B6%84%20%EC%98%A4%ED%86%A0%EC%9D%B8%EC%BD%94%EB%8D%94")
    }
}
