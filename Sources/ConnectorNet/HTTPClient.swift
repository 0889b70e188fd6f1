import ConnectorKit

/// One HTTP/1.1 exchange per call: a token request, a refresh, a test call.
public enum HTTPClient {
    /// The largest body `send` reads (and `fetch` without a limit); a larger answer is a
    /// failure, not a truncated body.
    public static let maximumBodySize = 16 << 20
    static let maximumHeadSize = 256 << 10

    /// Sends one request (Connection: close; Host, User-Agent: connector-wizard, Content-Length
    /// when a body) and reads the whole response (Content-Length, chunked, or until close; 1xx
    /// skipped; body capped at 16 MiB). Does not follow redirects.
    ///
    /// `timeout` bounds the whole exchange, name look-up included; `cancelled` is asked at least
    /// every 100 ms. The request's own Host, Connection, Content-Length and Transfer-Encoding
    /// headers are replaced by the client's; its User-Agent, when it has one, is kept.
    public static func send(_ request: HTTPRequest, timeout: Double = 30,
                            cancelled: @escaping @Sendable () -> Bool = { false }) throws(NetFailure) -> HTTPResponse {
        try fetch(request, timeout: timeout, cancelled: cancelled).response
    }

    /// As `send`, but with `bodyLimit` (bytes, a negative one counts as 0) a longer body is no
    /// failure: its first `bodyLimit` bytes are kept, the rest is not read, and the result says
    /// `truncated`. Without a limit, a body over 16 MiB fails as with `send`.
    public static func fetch(_ request: HTTPRequest, timeout: Double = 30,
                             cancelled: @escaping @Sendable () -> Bool = { false },
                             bodyLimit: Int? = nil) throws(NetFailure) -> HTTPResult {
        guard let url = URLParts(request.url) else {
            throw NetFailure("the address is not an http or https URL")
        }
        let head = try requestHead(request, url)
        let endpoint = Endpoint(url)
        let deadline = Deadline(seconds: timeout, cancelled: cancelled)
        let limit = bodyLimit.map { BodyLimit(bytes: max($0, 0), truncates: true) }
            ?? BodyLimit(bytes: maximumBodySize, truncates: false)
        if url.scheme == "https" {
            guard let lib = OpenSSL.shared else { throw OpenSSL.missing }
            return try withoutSIGPIPE { () throws(NetFailure) -> HTTPResult in
                let socket = try Socket.connect(to: endpoint, deadline: deadline)
                let stream = try TLSStream(lib: lib, socket: socket)
                defer { stream.close() }
                return try exchange(stream, head + request.body, method: request.method, endpoint, limit)
            }
        }
        let socket = try Socket.connect(to: endpoint, deadline: deadline)
        defer { socket.close() }
        return try exchange(socket, head + request.body, method: request.method, endpoint, limit)
    }

    private static func exchange(_ stream: ByteStream, _ bytes: [UInt8], method: String,
                                 _ endpoint: Endpoint, _ limit: BodyLimit) throws(NetFailure) -> HTTPResult {
        var reader = ResponseReader(stream: stream, endpoint: endpoint, limit: limit)
        do {
            try stream.write(bytes)
        } catch {
            // A server may answer (413, 401) and hang up before taking the whole body: its
            // answer is worth more than the broken write.
            if let early = try? reader.response(toHead: false) { return early }
            throw error
        }
        return try reader.response(toHead: method.uppercased() == "HEAD")
    }

    /// Request line and headers, ready to send. Refuses what would split a line: a method that is
    /// not a token, a header name or value with a line break, a URL with a control character.
    static func requestHead(_ request: HTTPRequest, _ url: URLParts) throws(NetFailure) -> [UInt8] {
        guard !request.method.isEmpty, request.method.utf8.allSatisfy(isTokenByte) else {
            throw NetFailure("the method is not a valid HTTP method")
        }
        var target: [UInt8] = []
        for byte in url.target.utf8 {
            if byte < 0x20 || byte == 0x7f { throw NetFailure("the URL has a control character in it") }
            if byte == 0x20 || byte >= 0x80 {
                target += Array("%\(hex(byte))".utf8)
            } else {
                target.append(byte)
            }
        }
        var lines = [request.method + " " + String(decoding: target, as: UTF8.self) + " HTTP/1.1",
                     "Host: " + url.hostHeader]
        if request.header("User-Agent") == nil { lines.append("User-Agent: connector-wizard") }
        let ours: Set<String> = ["host", "connection", "content-length", "transfer-encoding"]
        for header in request.headers where !ours.contains(header.name.lowercased()) {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(isTokenByte) else {
                // Not named: a value pasted into the name field would show.
                throw NetFailure("a header name has characters that HTTP does not allow")
            }
            guard !header.value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) else {
                throw NetFailure("the header \(header.name) has a line break in its value")
            }
            lines.append(header.name + ": " + header.value)
        }
        let method = request.method.uppercased()
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            lines.append("Content-Length: \(request.body.count)")
        }
        lines.append("Connection: close")
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    /// RFC 9110 token characters.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "A")...UInt8(ascii: "Z"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }
}

/// A response as `HTTPClient.fetch` reads it: `truncated` when the body was longer than the
/// limit asked for and only its first part is in `response.body`.
public struct HTTPResult: Equatable, Sendable {
    public var response: HTTPResponse
    public var truncated: Bool

    public init(response: HTTPResponse, truncated: Bool = false) {
        self.response = response
        self.truncated = truncated
    }
}

/// How much of a body to read, and whether more is a failure (false) or cut off (true).
struct BodyLimit {
    var bytes: Int
    var truncates: Bool
}

/// Reads a response from a stream through a buffer: status line, headers, then the body in
/// whichever framing the headers say.
struct ResponseReader {
    let stream: ByteStream
    let endpoint: Endpoint
    let limit: BodyLimit
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false
    /// Where each read lands before it joins `buffer`.
    private let chunk = Scratch(count: 64 << 10)
    /// Whether any byte came back, for the sentence when the answer stops.
    private var answered = false
    /// Whether the body was cut at the limit.
    private var truncated = false

    init(stream: ByteStream, endpoint: Endpoint, limit: BodyLimit) {
        self.stream = stream
        self.endpoint = endpoint
        self.limit = limit
    }

    mutating func response(toHead: Bool) throws(NetFailure) -> HTTPResult {
        var response: HTTPResponse
        var headBytes = 0
        repeat {
            response = try head(&headBytes)
            // 1xx are interim (100 Continue, 103 Early Hints); 101 would switch protocols,
            // which this client never asks for.
        } while (100...199).contains(response.status) && response.status != 101
        if toHead || response.status == 204 || response.status == 304 || response.status < 200 {
            return HTTPResult(response: response)
        }
        let codings = response.headers.filter { $0.name.lowercased() == "transfer-encoding" }
            .flatMap { $0.value.split(separator: ",") }
            .map { $0.trimmingSpaces.lowercased() }
        if let last = codings.last {
            guard last == "chunked" else { throw malformed("it uses the transfer coding \(last)") }
            response.body = try chunkedBody()
        } else if let length = try contentLength(response) {
            if length > limit.bytes { try overLimit() }
            response.body = try bytes(min(length, limit.bytes))
        } else {
            response.body = try untilClose()
        }
        return HTTPResult(response: response, truncated: truncated)
    }

    /// The body goes on past the limit: a failure, or the end of what is read.
    private mutating func overLimit() throws(NetFailure) {
        guard limit.truncates else {
            throw NetFailure("the answer from \(endpoint.name) is larger than 16 MiB")
        }
        truncated = true
    }

    private func malformed(_ why: String) -> NetFailure {
        NetFailure("the answer from \(endpoint.name) is not valid HTTP (\(why))")
    }

    private var cutOff: NetFailure {
        answered ? NetFailure("the answer from \(endpoint.name) was cut off (the connection closed early)")
            : NetFailure("\(endpoint.name) closed the connection without answering")
    }

    private mutating func head(_ total: inout Int) throws(NetFailure) -> HTTPResponse {
        var statusLine = try line(&total)
        // Tolerate stray blank lines before a status line (RFC 9112 §2.2).
        while statusLine.isEmpty { statusLine = try line(&total) }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3,
              let status = Int(parts[1]), (100...999).contains(status) else {
            throw malformed("the status line is not one")
        }
        var response = HTTPResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "")
        while true {
            let text = try line(&total)
            if text.isEmpty { return response }
            if text.hasPrefix(" ") || text.hasPrefix("\t") {
                // obs-fold: the previous field's value goes on, joined by one space (RFC 9112
                // §5.2). Before any field there is nothing to continue: ignored (§2.2).
                guard let last = response.headers.indices.last else { continue }
                let more = text.trimmingSpaces
                if more.isEmpty { continue }
                let value = response.headers[last].value
                response.headers[last].value = value.isEmpty ? more : value + " " + more
                continue
            }
            guard let colon = text.firstIndex(of: ":") else {
                // Junk without a colon: ignore it.
                continue
            }
            let name = text[..<colon]
            // No white space between the name and the colon (RFC 9112 §5.1), nor in the name.
            guard !name.isEmpty, name.utf8.allSatisfy(HTTPClient.isTokenByte) else {
                throw malformed("a header name has characters that HTTP does not allow")
            }
            response.headers.append(HTTPHeader(String(name), String(text[text.index(after: colon)...]).trimmingSpaces))
        }
    }

    /// The Content-Length, when there is one; several must agree.
    private func contentLength(_ response: HTTPResponse) throws(NetFailure) -> Int? {
        let values = Set(response.headers.filter { $0.name.lowercased() == "content-length" }
            .flatMap { $0.value.split(separator: ",").map { $0.trimmingSpaces } })
        guard let first = values.first else { return nil }
        guard values.count == 1, first.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(first) else {
            throw malformed("its Content-Length is not a number")
        }
        return n
    }

    private mutating func chunkedBody() throws(NetFailure) -> [UInt8] {
        var body: [UInt8] = []
        var total = 0
        while true {
            let sizeLine = try line(&total)
            let sizeText = sizeLine.prefix { $0 != ";" }.trimmingSpaces
            // Hex digits only: `Int(_:radix:)` would also take a sign ("-1", "+5").
            guard !sizeText.isEmpty, sizeText.count <= 8, sizeText.allSatisfy({ $0.isASCII && $0.isHexDigit }),
                  let size = Int(sizeText, radix: 16) else {
                throw malformed("a chunk size is not a number")
            }
            if size == 0 { break }
            let room = limit.bytes - body.count
            if size > room {
                try overLimit()
                return body + (try bytes(room))
            }
            body += try bytes(size)
            guard try line(&total).isEmpty else { throw malformed("a chunk does not end where its size says") }
            total = 0
        }
        // Trailer fields, up to the blank line; their contents are not kept.
        total = 0
        while try !line(&total).isEmpty {}
        return body
    }

    private mutating func untilClose() throws(NetFailure) -> [UInt8] {
        while buffer.count - start <= limit.bytes, try fill() {}
        if buffer.count - start > limit.bytes {
            try overLimit()
            return take(limit.bytes)
        }
        return take(buffer.count - start)
    }

    /// Exactly `count` bytes.
    private mutating func bytes(_ count: Int) throws(NetFailure) -> [UInt8] {
        guard count >= 0 else { throw malformed("a length is negative") }
        while buffer.count - start < count {
            guard try fill() else { throw cutOff }
        }
        return take(count)
    }

    /// One line without its CRLF (a bare LF ends one too), counted against the head's limit.
    private mutating func line(_ total: inout Int) throws(NetFailure) -> String {
        var scanned = start
        while true {
            if let lf = buffer[scanned...].firstIndex(of: 10) {
                var end = lf
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let text = String(decoding: buffer[start..<end], as: UTF8.self)
                total += lf + 1 - start
                start = lf + 1
                guard total <= HTTPClient.maximumHeadSize else { throw malformed("its header is too large") }
                return text
            }
            scanned = buffer.count
            guard total + scanned - start <= HTTPClient.maximumHeadSize else { throw malformed("its header is too large") }
            let before = start
            guard try fill() else { throw cutOff }
            scanned -= before - start
        }
    }

    /// `count` bytes of those in the buffer (0 when negative, all there are when more).
    private mutating func take(_ count: Int) -> [UInt8] {
        let count = min(max(count, 0), buffer.count - start)
        let out = Array(buffer[start..<start + count])
        start += count
        return out
    }

    /// Reads more into the buffer (dropping what was taken); false at the end of the stream.
    private mutating func fill() throws(NetFailure) -> Bool {
        if ended { return false }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        let n = try chunk.withUnsafeMutableBytes { (scratch) throws(NetFailure) -> Int in
            let n = try stream.read(into: scratch)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: scratch[..<n]))
            return n
        }
        if n == 0 { ended = true }
        if n > 0 { answered = true }
        return n > 0
    }
}

/// A reusable read buffer.
final class Scratch {
    private let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) {
        bytes = .allocate(byteCount: count, alignment: 1)
    }

    deinit { bytes.deallocate() }

    func withUnsafeMutableBytes<T>(_ body: (UnsafeMutableRawBufferPointer) throws(NetFailure) -> T) throws(NetFailure) -> T {
        try body(bytes)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional white space).
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
