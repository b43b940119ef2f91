public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Settings of the external check (`check:` in notegraph.yml).
public struct ExternalSettings: Sendable, Equatable {
    /// Regular expressions; a URL matching any of them is not requested.
    public var exclude: [String] = []
    /// Status codes that count as working besides 2xx (say 403 for a site that blocks robots).
    public var accept: Set<Int> = []
    /// Requests in flight at once, over all hosts.
    public var concurrency = 16
    /// Requests in flight at once to one host.
    public var perHost = 2
    /// Seconds to wait for an answer.
    public var timeout = 10.0
    /// Further attempts after a timeout, a 5xx or a 429.
    public var retries = 2
    /// The longest `Retry-After` honoured, in seconds; a server asking for more is "unverified".
    public var maxRetryAfter = 30.0
    /// Where successes are remembered between runs; nil for no cache.
    public var cacheFile: URL?
    /// How long a success is trusted.
    public var cacheDays = 7.0

    public init() {}

    /// The first pattern that is not a valid regular expression, with the reason.
    public func invalidPattern() -> (pattern: String, reason: String)? {
        for pattern in exclude {
            do { _ = try NSRegularExpression(pattern: pattern) } catch { return (pattern, "\(error.localizedDescription)") }
        }
        return nil
    }
}

/// The verdict on one URL.
public struct ExternalResult: Sendable, Hashable {
    public enum Verdict: Sendable, Hashable {
        case ok, broken, unverified, excluded, cached
    }

    public var url: String
    public var verdict: Verdict
    /// `404 Not Found`, `host not found`, `timed out after 10 s`.
    public var reason: String
    /// The first permanent redirect (301 or 308) on the way, and where it pointed.
    public var movedTo: (status: Int, url: String)?

    public static func == (a: ExternalResult, b: ExternalResult) -> Bool {
        a.url == b.url && a.verdict == b.verdict && a.reason == b.reason && a.movedTo?.status == b.movedTo?.status && a.movedTo?.url == b.movedTo?.url
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(url)
        hasher.combine(verdict)
    }
}

/// `--external`: requests every distinct http(s) URL once — HEAD first, GET when the server
/// refuses HEAD or misbehaves — concurrently within a global and a per-host limit, retrying
/// timeouts, 5xx and 429 (waiting as `Retry-After` says), and reports 404/410 and unknown hosts
/// as broken, 429/403/timeouts as unverified, and permanent redirects with their new address.
public struct ExternalChecker: Sendable {
    public let settings: ExternalSettings

    public init(settings: ExternalSettings) {
        self.settings = settings
    }

    /// Checks the URLs of `links` and turns the verdicts into findings at every place each URL
    /// is written. Successes go into the cache file when there is one.
    public func check(_ links: [ExternalLink]) async -> (findings: [Finding], results: [ExternalResult]) {
        var order: [String] = []
        var seen = Set<String>()
        for link in links where seen.insert(link.url).inserted { order.append(link.url) }
        let results = await check(urls: order)
        let byURL = Dictionary(results.map { ($0.url, $0) }, uniquingKeysWith: { a, _ in a })
        var findings: [Finding] = []
        for link in links {
            guard let result = byURL[link.url] else { continue }
            switch result.verdict {
            case .broken:
                findings.append(Finding(.externalBroken, at: link.location, target: link.written, message: "\(link.url): \(result.reason)"))
            case .unverified:
                findings.append(Finding(.externalUnverified, at: link.location, target: link.written,
                                        message: "\(link.url) could not be verified: \(result.reason)"))
            case .ok:
                if let moved = result.movedTo {
                    findings.append(Finding(.redirect, at: link.location, target: link.written,
                                            message: "\(link.url) has moved permanently (\(moved.status)) to \(moved.url)",
                                            suggestion: moved.url))
                }
            case .excluded, .cached:
                continue
            }
        }
        return (findings.sorted(), results)
    }

    /// The verdict on each URL, in the order given.
    public func check(urls: [String]) async -> [ExternalResult] {
        let patterns = settings.exclude.compactMap { try? NSRegularExpression(pattern: $0) }
        var cache = settings.cacheFile.map { LinkCache.load(from: $0, days: settings.cacheDays) } ?? LinkCache(days: settings.cacheDays)
        var results = [ExternalResult?](repeating: nil, count: urls.count)
        var toFetch: [(Int, String)] = []
        for (i, url) in urls.enumerated() {
            let range = NSRange(url.startIndex..., in: url)
            if patterns.contains(where: { $0.firstMatch(in: url, range: range) != nil }) {
                results[i] = ExternalResult(url: url, verdict: .excluded, reason: "excluded")
            } else if settings.cacheFile != nil, cache.isFresh(url) {
                results[i] = ExternalResult(url: url, verdict: .cached, reason: "answered within \(Int(settings.cacheDays)) days")
            } else {
                toFetch.append((i, url))
            }
        }
        if !toFetch.isEmpty {
            let client = HTTPClient(timeout: settings.timeout, connections: settings.perHost)
            let gate = HostGate(total: settings.concurrency, perHost: settings.perHost)
            let fetched = await withTaskGroup(of: (Int, ExternalResult, Int?).self) { group in
                for (i, url) in toFetch {
                    group.addTask { await self.verdict(on: url, index: i, client: client, gate: gate) }
                }
                var all: [(Int, ExternalResult, Int?)] = []
                for await item in group { all.append(item) }
                return all
            }
            client.invalidate()
            for (i, result, status) in fetched {
                results[i] = result
                if result.verdict == .ok, let status { cache.recordSuccess(result.url, status: status) }
            }
            if let file = settings.cacheFile { try? cache.save(to: file) }
        }
        return results.map { $0! }
    }

    private func verdict(on url: String, index: Int, client: HTTPClient, gate: HostGate) async -> (Int, ExternalResult, Int?) {
        var current = url
        var movedTo: (Int, String)?
        for _ in 0...5 {
            guard let requestURL = ExternalChecker.requestURL(current) else {
                return (index, ExternalResult(url: url, verdict: .broken, reason: "not a valid URL"), nil)
            }
            let answer = await probe(requestURL, client: client, gate: gate)
            switch answer {
            case .status(let status, let location?, _) where [301, 302, 303, 307, 308].contains(status):
                guard let next = URL(string: location, relativeTo: requestURL)?.absoluteString else {
                    return (index, ExternalResult(url: url, verdict: .unverified, reason: "redirect (\(status)) to an invalid address \(location)"), nil)
                }
                if movedTo == nil, status == 301 || status == 308 { movedTo = (status, next) }
                current = next
                continue
            case .status(let status, _, let retryAfter):
                var result = ExternalResult(url: url, verdict: .ok, reason: ExternalChecker.describe(status), movedTo: movedTo)
                if (200..<300).contains(status) || settings.accept.contains(status) {
                    return (index, result, status)
                }
                if status == 404 || status == 410 {
                    result.verdict = .broken
                } else {
                    result.verdict = .unverified
                    if status == 429 {
                        result.reason += retryAfter.map { " (Retry-After: \($0)) after \(settings.retries + 1) attempts" }
                            ?? " after \(settings.retries + 1) attempts"
                    }
                }
                if current != url { result.reason += " at \(current)" }
                return (index, result, nil)
            case .failure(_, let description):
                if answer.isUnknownHost {
                    return (index, ExternalResult(url: url, verdict: .broken, reason: "host not found", movedTo: movedTo), nil)
                }
                let reason = answer.isTimeout ? "no answer within \(ExternalChecker.seconds(settings.timeout)) s" : description
                return (index, ExternalResult(url: url, verdict: .unverified, reason: reason, movedTo: movedTo), nil)
            }
        }
        return (index, ExternalResult(url: url, verdict: .unverified, reason: "more than 5 redirects", movedTo: movedTo), nil)
    }

    /// One URL's final answer: HEAD, GET when HEAD is refused or suspicious, and retries.
    private func probe(_ url: URL, client: HTTPClient, gate: HostGate) async -> HTTPAnswer {
        let host = url.host ?? ""
        var attempt = 0
        while true {
            await gate.enter(host)
            var answer = await client.send(url, method: "HEAD")
            if ExternalChecker.shouldRetryWithGET(answer) {
                answer = await client.send(url, method: "GET")
            }
            await gate.leave(host)
            guard attempt < settings.retries, let delay = retryDelay(answer, attempt: attempt) else { return answer }
            attempt += 1
            try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
        }
    }

    /// HEAD is optional for servers: 405 and 501 say so, and some answer HEAD with 4xx/5xx,
    /// or drop the connection, while GET works.
    static func shouldRetryWithGET(_ answer: HTTPAnswer) -> Bool {
        switch answer {
        case .status(let status, _, _):
            return status >= 400 && status != 429
        case .failure:
            return !answer.isUnknownHost && !answer.isTimeout
        }
    }

    /// Seconds to wait before another attempt, or nil when another attempt is pointless.
    func retryDelay(_ answer: HTTPAnswer, attempt: Int) -> Double? {
        let backoff = 0.5 * Double(1 << attempt)
        switch answer {
        case .status(let status, _, let retryAfter):
            guard status == 429 || (500...599).contains(status) && status != 501 else { return nil }
            guard let retryAfter, let wait = ExternalChecker.retryAfterSeconds(retryAfter) else { return backoff }
            return wait <= settings.maxRetryAfter ? wait : nil
        case .failure(let code, _):
            if answer.isUnknownHost { return nil }
            let transient = [URLError.timedOut, .networkConnectionLost, .cannotConnectToHost, .notConnectedToInternet].map(\.rawValue)
            return transient.contains(code) ? backoff : nil
        }
    }

    /// `Retry-After: 120` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT`.
    static func retryAfterSeconds(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }

    /// A URL for the request: characters a URL may not hold (Hangul, spaces) percent-encoded.
    static func requestURL(_ text: String) -> URL? {
        if let url = URL(string: text), url.host != nil { return url }
        var encoded = ""
        for byte in text.utf8 {
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\""), byte != UInt8(ascii: "<"), byte != UInt8(ascii: ">") {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += String(format: "%%%02X", byte)
            }
        }
        guard let url = URL(string: encoded), url.host != nil else { return nil }
        return url
    }

    static func describe(_ status: Int) -> String {
        let phrase = HTTPURLResponse.localizedString(forStatusCode: status)
        return phrase.isEmpty ? "HTTP \(status)" : "\(status) \(phrase.capitalized)"
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
