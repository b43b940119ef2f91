import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one HTTP request came back with.
enum HTTPAnswer: Sendable, Hashable {
    /// A status line; redirects are not followed, `location` is their `Location` header.
    case status(Int, location: String?, retryAfter: String?)
    /// No answer: the `URLError` code and its description.
    case failure(code: Int, description: String)

    var isTimeout: Bool {
        if case .failure(let code, _) = self { return code == URLError.timedOut.rawValue }
        return false
    }

    /// The host does not exist: the link is dead, not the network.
    var isUnknownHost: Bool {
        if case .failure(let code, _) = self {
            return code == URLError.cannotFindHost.rawValue || code == URLError.dnsLookupFailed.rawValue
        }
        return false
    }
}

/// HEAD and GET requests that report the first status line they get, without following
/// redirects or downloading bodies.
///
/// A session delegate rather than completion handlers: only the delegate is asked before a
/// redirect is followed (FoundationNetworking follows silently for completion-handler tasks),
/// and it can stop a GET as soon as the headers arrive.
final class HTTPClient: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private struct Pending {
        var continuation: CheckedContinuation<HTTPAnswer, Never>
        var answer: HTTPAnswer?
    }

    // `pending` is only touched under `lock`; the delegate is called on the session's queue.
    private let lock = NSLock()
    private var pending: [Int: Pending] = [:]
    private var session: URLSession!
    private let timeout: Double
    static let userAgent = "notegraph-check/0.1 (+https://github.com/notegraph/notegraph)"

    init(timeout: Double, connections: Int) {
        self.timeout = timeout
        super.init()
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout * 2
        configuration.httpMaximumConnectionsPerHost = max(1, connections)
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        session = URLSession(configuration: configuration, delegate: self, delegateQueue: nil)
    }

    func invalidate() { session.invalidateAndCancel() }

    func send(_ url: URL, method: String) async -> HTTPAnswer {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = method
        request.setValue(HTTPClient.userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("text/html,application/xhtml+xml,*/*;q=0.8", forHTTPHeaderField: "Accept")
        return await withCheckedContinuation { continuation in
            let task = session.dataTask(with: request)
            lock.withLock { pending[task.taskIdentifier] = Pending(continuation: continuation) }
            task.resume()
        }
    }

    private func record(_ task: URLSessionTask, _ response: URLResponse) {
        guard let http = response as? HTTPURLResponse else { return }
        let answer = HTTPAnswer.status(http.statusCode, location: HTTPClient.header("Location", in: http),
                                       retryAfter: HTTPClient.header("Retry-After", in: http))
        lock.withLock { pending[task.taskIdentifier]?.answer = answer }
    }

    static func header(_ name: String, in response: HTTPURLResponse) -> String? {
        for (key, value) in response.allHeaderFields {
            if let key = key as? String, key.caseInsensitiveCompare(name) == .orderedSame { return value as? String }
        }
        return nil
    }

    // MARK: URLSessionDataDelegate

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        record(task, response)
        completionHandler(nil)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        record(dataTask, response)
        // The status is all the check needs; do not download the page.
        completionHandler(.cancel)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let entry = lock.withLock { pending.removeValue(forKey: task.taskIdentifier) }
        guard let entry else { return }
        if let answer = entry.answer {
            entry.continuation.resume(returning: answer)
        } else if let response = task.response as? HTTPURLResponse {
            entry.continuation.resume(returning: .status(response.statusCode, location: HTTPClient.header("Location", in: response),
                                                         retryAfter: HTTPClient.header("Retry-After", in: response)))
        } else {
            let code = (error as? URLError)?.code.rawValue ?? (error as NSError?)?.code ?? URLError.unknown.rawValue
            entry.continuation.resume(returning: .failure(code: code, description: error?.localizedDescription ?? "no response"))
        }
    }
}
