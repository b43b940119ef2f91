import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 and an ephemeral port, for the external check's tests:
/// never the internet. One thread accepts; each connection is answered on its own thread and
/// closed (`Connection: close`). Every request is logged (method and path) for assertions.
///
/// Routes:
/// - `/ok` 200, `/created` 201
/// - `/moved` 301 → `/ok`, `/permanent` 308 → `/ok`, `/temporary` 302 → `/ok`, `/moved-to-missing` 301 → `/missing`
/// - `/missing` 404, `/gone` 410, `/forbidden` 403, `/error` 500
/// - `/limited` 429 with `Retry-After: 1` the first time, then 200
/// - `/always-limited` 429 with `Retry-After: 1`, `/limited-long` 429 with `Retry-After: 3600`
/// - `/slow` answers 200 after 3 s
/// - `/no-head` 405 to HEAD, 200 to GET; `/head-404` 404 to HEAD, 200 to GET
final class TestHTTPServer: @unchecked Sendable {
    private let socketFD: Int32
    let port: UInt16
    private let lock = NSLock()
    private var log: [(method: String, path: String, time: Date)] = []
    private var counts: [String: Int] = [:]
    private var active = 0
    private var maxActive = 0
    private var stopped = false

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError("bind/listen failed")
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        socketFD = fd
        port = UInt16(bigEndian: actual.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Requests received so far, as `METHOD /path`.
    var requests: [String] { lock.withLock { log.map { "\($0.method) \($0.path)" } } }
    var requestTimes: [(String, Date)] { lock.withLock { log.map { ("\($0.method) \($0.path)", $0.time) } } }
    /// The most connections handled at the same time.
    var peakConcurrency: Int { lock.withLock { maxActive } }

    /// Idempotent. Only shuts the socket down, which makes a waiting `accept` fail: the accept
    /// loop closes the descriptor as it ends. Closed here, its number could go to another
    /// test's server while the loop was between two calls of `accept`, and the next call would
    /// take that server's connections, answering and logging its requests here (the other
    /// test then saw requests missing, now and then, under load).
    func stop() {
        let wasStopped = lock.withLock { () -> Bool in
            defer { stopped = true }
            return stopped
        }
        guard !wasStopped else { return }
        shutdown(socketFD, Int32(SHUT_RDWR))
    }

    deinit { stop() }

    private func acceptLoop() {
        // The loop owns the listening descriptor from here on (see `stop`).
        defer { close(socketFD) }
        while true {
            let client = accept(socketFD, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                if errno == EINTR { continue }
                return
            }
            if lock.withLock({ stopped }) {
                close(client)
                return
            }
            let thread = Thread { [self] in handle(client) }
            thread.start()
        }
    }

    private func handle(_ client: Int32) {
        defer { close(client) }
        var buffer = [UInt8](repeating: 0, count: 8192)
        var request: [UInt8] = []
        // Read the request head; a bounded loop, the tests send tiny requests.
        for _ in 0..<64 {
            let n = read(client, &buffer, buffer.count)
            if n <= 0 { break }
            request += buffer[0..<n]
            if request.count >= 4, request.suffix(4) == [13, 10, 13, 10] { break }
            if let text = String(bytes: request, encoding: .utf8), text.contains("\r\n\r\n") { break }
        }
        let head = String(decoding: request, as: UTF8.self)
        let parts = head.split(separator: "\r\n").first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return }
        let method = String(parts[0])
        let path = String(parts[1])
        let count: Int = lock.withLock {
            log.append((method, path, Date()))
            counts[path, default: 0] += 1
            active += 1
            maxActive = max(maxActive, active)
            return counts[path]!
        }
        // A request is in flight from its head's arrival until its answer is sent: the client
        // frees its slot only after reading the answer, so counting the lingering close below
        // would see the next request overlap with this one when none did.
        var answered = false
        func finish() {
            guard !answered else { return }
            answered = true
            lock.withLock { active -= 1 }
        }
        defer { finish() }
        let (status, headers, delay) = route(method: method, path: path, count: count)
        if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        let body = method == "HEAD" ? "" : "<html><body>\(status)</body></html>"
        var response = "HTTP/1.1 \(status) \(TestHTTPServer.reason(status))\r\n"
        for (name, value) in headers { response += "\(name): \(value)\r\n" }
        response += "Content-Type: text/html\r\nContent-Length: \(method == "HEAD" ? 0 : body.utf8.count)\r\nConnection: close\r\n\r\n"
        response += body
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a client that hangs up early (a GET stopped after its headers) must
            // not kill the test process with SIGPIPE.
            let n = bytes[sent...].withUnsafeBufferPointer { send(client, $0.baseAddress, $0.count, TestHTTPServer.noSignal) }
            if n <= 0 { break }
            sent += n
        }
        finish()
        // Let the client read everything before the socket closes.
        shutdown(client, Int32(SHUT_WR))
        for _ in 0..<16 where read(client, &buffer, buffer.count) > 0 {}
    }

    private func route(method: String, path: String, count: Int) -> (Int, [(String, String)], Double) {
        switch path {
        case "/ok": return (200, [], 0)
        case "/created": return (201, [], 0)
        case "/moved": return (301, [("Location", "/ok")], 0)
        case "/permanent": return (308, [("Location", url("/ok"))], 0)
        case "/temporary": return (302, [("Location", "/ok")], 0)
        case "/moved-to-missing": return (301, [("Location", "/missing")], 0)
        case "/missing": return (404, [], 0)
        case "/gone": return (410, [], 0)
        case "/forbidden": return (403, [], 0)
        case "/error": return (500, [], 0)
        case "/limited": return count == 1 ? (429, [("Retry-After", "1")], 0) : (200, [], 0)
        case "/always-limited": return (429, [("Retry-After", "1")], 0)
        case "/limited-long": return (429, [("Retry-After", "3600")], 0)
        case "/slow": return (200, [], 3)
        case "/no-head": return method == "HEAD" ? (405, [("Allow", "GET")], 0) : (200, [], 0)
        case "/head-404": return method == "HEAD" ? (404, [], 0) : (200, [], 0)
        default:
            if path.hasPrefix("/busy/") { return (200, [], 0.3) }
            return (404, [], 0)
        }
    }

    #if os(Linux)
    private static let noSignal = Int32(MSG_NOSIGNAL)
    #else
    private static let noSignal: Int32 = 0
    #endif

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 308: "Permanent Redirect"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 410: "Gone"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}
