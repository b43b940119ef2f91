public import Markdown

/// The sentences around a concept's first few unlinked mentions in one note
/// (`ConceptMention.contexts`), each a `LinkContext` on demand.
///
/// Kept as UTF-8 in one buffer shared by all of the note's mentions, not as strings: a
/// 10,000-note build keeps some 250,000 sentences, and two or three strings and a 48-byte
/// `LinkContext` each were as many allocations, some 50 MB of memory first touched (which this
/// machine's kernel zeroes at some 3 ms a megabyte). Concept pages hand the bytes to the
/// template renderer as they are (`forEachParts`).
///
/// In the buffer a sentence is a record: the byte lengths of before, match and after, each
/// as a LEB128 number (one or two bytes for a sentence's side, cut at 160 scalars), then the
/// three parts' bytes. A mention's records lie together, from `start`. A mention has at most a
/// few sentences (three in a build), so reading one walks the records before it.
public struct MentionContexts: Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The buffer holding these sentences, and those of the note's other mentions.
    public let bytes: [UInt8]
    /// Where the first record starts in `bytes`.
    private let start: Int32
    private let records: Int32

    /// No sentences, without a buffer.
    public init() {
        bytes = []
        start = 0
        records = 0
    }

    /// `contexts` in a buffer of their own.
    public init(_ contexts: some Sequence<LinkContext>) {
        var collector = Collector()
        var list = Collector.List()
        for context in contexts {
            collector.append(to: &list) { bytes in
                bytes += context.before.utf8
                bytes += context.match.utf8
                bytes += context.after.utf8
                return (context.before.utf8.count, context.match.utf8.count, context.after.utf8.count)
            }
        }
        self = collector.laidOut([list])[0]
    }

    public init(arrayLiteral elements: LinkContext...) {
        self.init(elements)
    }

    private init(bytes: [UInt8], start: Int, records: Int) {
        self.bytes = bytes
        self.start = Int32(start)
        self.records = Int32(records)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { Int(records) }

    /// The sentence at `position`, its parts made strings.
    public subscript(position: Int) -> LinkContext {
        precondition(position >= 0 && position < Int(records), "context \(position) of \(records)")
        let (before, match, after) = parts(at: position)
        return bytes.withUnsafeBufferPointer { all in
            LinkContext(before: String(decoding: UnsafeBufferPointer(rebasing: all[before]), as: UTF8.self),
                        match: String(decoding: UnsafeBufferPointer(rebasing: all[match]), as: UTF8.self),
                        after: String(decoding: UnsafeBufferPointer(rebasing: all[after]), as: UTF8.self))
        }
    }

    /// Where the parts of the sentence at `position` lie in `bytes`.
    public func parts(at position: Int) -> (before: Range<Int>, match: Range<Int>, after: Range<Int>) {
        var result: (before: Range<Int>, match: Range<Int>, after: Range<Int>) = (0..<0, 0..<0, 0..<0)
        var k = 0
        forEachParts { before, match, after in
            if k == position { result = (before, match, after) }
            k += 1
        }
        return result
    }

    /// Calls `body` with where the parts of each sentence lie in `bytes`, in order.
    public func forEachParts(_ body: (_ before: Range<Int>, _ match: Range<Int>, _ after: Range<Int>) -> Void) {
        guard records > 0 else { return }
        bytes.withUnsafeBufferPointer { all in
            var i = Int(start)
            for _ in 0..<Int(records) {
                let before = Self.number(in: all, at: &i)
                let match = Self.number(in: all, at: &i)
                let after = Self.number(in: all, at: &i)
                body(i..<(i + before), (i + before)..<(i + before + match), (i + before + match)..<(i + before + match + after))
                i += before + match + after
            }
        }
    }

    /// The LEB128 number at `i`, which moves past it.
    private static func number(in bytes: UnsafeBufferPointer<UInt8>, at i: inout Int) -> Int {
        var value = 0
        var shift = 0
        while true {
            let byte = bytes[i]
            i += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    /// How many bytes `value`'s LEB128 takes.
    private static func numberSize(_ value: Int) -> Int {
        var size = 1
        var rest = value >> 7
        while rest > 0 {
            size += 1
            rest >>= 7
        }
        return size
    }

    /// Writes `value` as LEB128 at `out[i]` and moves `i` past it.
    private static func writeNumber(_ value: Int, to out: UnsafeMutableBufferPointer<UInt8>, at i: inout Int) {
        var rest = value
        while rest >= 0x80 {
            out[i] = UInt8(truncatingIfNeeded: rest) | 0x80
            i += 1
            rest >>= 7
        }
        out[i] = UInt8(rest)
        i += 1
    }
}

extension MentionContexts: Hashable {
    /// The same sentences, compared as `LinkContext`s (strings, so canonically equivalent
    /// ones are equal), wherever their bytes lie.
    public static func == (a: MentionContexts, b: MentionContexts) -> Bool {
        a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for context in self { hasher.combine(context) }
    }
}

extension MentionContexts {
    /// Gathers the sentences of one note's mentions as the scan finds them, concepts mixed,
    /// and lays each concept's out together in one buffer at the end (`laidOut`): the note's
    /// one allocation that lasts. A sentence's bytes are gathered where they are found, into a
    /// scratch buffer reused for the whole note, and copied once into place.
    struct Collector {
        /// The sentences' parts, one after another, in the order found.
        private var scratch: [UInt8] = []
        /// One sentence: where its parts start in `scratch`, their lengths, and the next
        /// sentence of its list (-1 for none).
        private struct Record {
            var start: Int
            var before: Int
            var match: Int
            var after: Int
            var next: Int
        }
        private var records: [Record] = []

        /// One mention's sentences: its first and last record, and how many there are.
        struct List {
            fileprivate var first = -1
            fileprivate var last = -1
            /// How many sentences the list holds.
            fileprivate(set) var count = 0
        }

        init() {}

        /// Adds a sentence to the end of `list`: `write` appends its three parts' UTF-8 to the
        /// bytes it is given and returns their lengths.
        mutating func append(to list: inout List, writing write: (inout [UInt8]) -> (Int, Int, Int)) {
            // Room for a note's sentences at the first (a long note's few kilobytes), made only
            // in a note that has one: grown from nothing, the buffer was made again several times.
            if records.isEmpty {
                scratch.reserveCapacity(4096)
                records.reserveCapacity(32)
            }
            let start = scratch.count
            let (before, match, after) = write(&scratch)
            records.append(Record(start: start, before: before, match: match, after: after, next: -1))
            let r = records.count - 1
            if list.last >= 0 { records[list.last].next = r } else { list.first = r }
            list.last = r
            list.count += 1
        }

        /// Each list's sentences as `MentionContexts`, all in one buffer made at its size, the
        /// lists' records one after another in the order of `lists`. Every list was filled by
        /// this collector, and no record is in two lists.
        func laidOut(_ lists: [List]) -> [MentionContexts] {
            guard !records.isEmpty else { return lists.map { _ in MentionContexts() } }
            var size = scratch.count
            for record in records {
                size += numberSize(record.before) + numberSize(record.match) + numberSize(record.after)
            }
            var starts: [Int] = []
            starts.reserveCapacity(lists.count)
            let bytes = [UInt8](unsafeUninitializedCapacity: size) { out, written in
                scratch.withUnsafeBufferPointer { scratch in
                    var i = 0
                    for list in lists {
                        starts.append(i)
                        var r = list.first
                        while r >= 0 {
                            let record = records[r]
                            writeNumber(record.before, to: out, at: &i)
                            writeNumber(record.match, to: out, at: &i)
                            writeNumber(record.after, to: out, at: &i)
                            let length = record.before + record.match + record.after
                            if length > 0 {
                                (out.baseAddress! + i).initialize(from: scratch.baseAddress! + record.start, count: length)
                            }
                            i += length
                            r = record.next
                        }
                    }
                    written = i
                }
            }
            assert(bytes.count == size, "every record in one list")
            return lists.indices.map { MentionContexts(bytes: bytes, start: starts[$0], records: lists[$0].count) }
        }
    }
}
