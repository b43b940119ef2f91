import Notes

/// A page's template context: the names its templates see. Contexts are built as template
/// values directly (no `Any`), so rendering never casts. Absent things are left out rather than
/// stored as `""`: any present value, even an empty string, is true in a `{{#section}}`.
typealias TemplateContext = TemplateObject

extension TemplateObject {
    /// Stores `value` unless it is nil or empty.
    mutating func set(_ key: String, text value: String?) {
        if let value, !value.isEmpty { self[key] = .string(value) }
    }

    /// `set(_:text:)` for a name this object does not hold yet (`append(distinct:_:)`).
    mutating func append(distinct key: Name, text value: String?) {
        if let value, !value.isEmpty { append(distinct: key, .string(value)) }
    }
}

enum TemplateValues {
    /// `{day, datetime, rfc3339, original}`: `day` for display, as the interface language writes
    /// a day, `datetime` for `<time datetime>` (a date without a time stays a date, as written).
    static func date(_ date: NoteDate) -> TemplateValue {
        self.date(date, language: .en)
    }

    /// `date(_:)` with `day` as `language` writes a day (`Labels.day`).
    static func date(_ date: NoteDate, language: InterfaceLanguage) -> TemplateValue {
        let iso = dayString(date)
        let rfc3339 = rfc3339(date, day: iso)
        let day = language == .en ? iso : Labels.day(date.year, date.month, date.day, iso: iso, in: language)
        // Names fingerprinted once (`Names`): as a dictionary literal, the pairs went through
        // an array of their own, each name hashed, on every summary of every list.
        return .object(Names.day, .string(day), Names.datetime, .string(date.hasTime ? rfc3339 : iso),
                       Names.rfc3339, .string(rfc3339), Names.original, .string(date.original))
    }

    /// A link's or a mention's sentence, `{before?, match?, after?}` with the parts that are not
    /// empty: backlinks on note pages, links and mentions on concept pages (the template marks
    /// `match`).
    static func snippet(before: String, match: String, after: String) -> TemplateValue {
        snippet(before.isEmpty ? nil : .string(before), match.isEmpty ? nil : .string(match),
                after.isEmpty ? nil : .string(after))
    }

    /// `snippet(before:match:after:)` of parts lying in `bytes` (a mention's sentence,
    /// `MentionContexts`), each a slice of the buffer rather than a String made of it.
    static func snippet(in bytes: [UInt8], before: Range<Int>, match: Range<Int>, after: Range<Int>) -> TemplateValue {
        func part(_ range: Range<Int>) -> TemplateValue? {
            range.isEmpty ? nil : .utf8Slice(bytes, from: UInt32(range.lowerBound), to: UInt32(range.upperBound))
        }
        return snippet(part(before), part(match), part(after))
    }

    /// `{before?, match?, after?}` of the parts given (nil for an empty one).
    @inline(__always)
    private static func snippet(_ before: TemplateValue?, _ match: TemplateValue?, _ after: TemplateValue?) -> TemplateValue {
        // A sentence mostly has all three parts: made at once (`TemplateObject.init(_:_:_:_:_:_:)`),
        // where setting them one by one cost some 160 instructions a part, on tens of
        // thousands of sentences a build.
        if let before, let match, let after {
            return .object(Names.before, before, Names.match, match, Names.after, after)
        }
        var value = TemplateContext(minimumCapacity: 3)
        if let before { value.append(distinct: Names.before, before) }
        if let match { value.append(distinct: Names.match, match) }
        if let after { value.append(distinct: Names.after, after) }
        return .object(value)
    }

    /// The names that the contexts of every page set, each fingerprinted once for the whole
    /// build (`TemplateObject.Name`) rather than at every object holding it: dates, note
    /// summaries, page descriptions, local graphs, note and concept pages. Written as dictionary literals, each
    /// object's pairs were also made into an array and destroyed again one by one.
    enum Names {
        static let day = TemplateObject.Name("day")
        static let datetime = TemplateObject.Name("datetime")
        static let rfc3339 = TemplateObject.Name("rfc3339")
        static let original = TemplateObject.Name("original")
        static let title = TemplateObject.Name("title")
        static let titleHTML = TemplateObject.Name("titleHTML")
        static let titleID = TemplateObject.Name("titleID")
        static let href = TemplateObject.Name("href")
        static let path = TemplateObject.Name("path")
        static let tags = TemplateObject.Name("tags")
        static let description = TemplateObject.Name("description")
        static let date = TemplateObject.Name("date")
        static let updated = TemplateObject.Name("updated")
        static let kind = TemplateObject.Name("kind")
        static let hasPicture = TemplateObject.Name("hasPicture")
        static let fallback = TemplateObject.Name("fallback")
        static let dotHref = TemplateObject.Name("dotHref")
        static let graphHref = TemplateObject.Name("graphHref")
        static let wholeGraph = TemplateObject.Name("wholeGraph")
        static let svg = TemplateObject.Name("svg")
        static let sourceLine = TemplateObject.Name("sourceLine")
        static let bodyHTML = TemplateObject.Name("bodyHTML")
        static let folder = TemplateObject.Name("folder")
        static let folders = TemplateObject.Name("folders")
        static let hasFolders = TemplateObject.Name("hasFolders")
        static let hasTags = TemplateObject.Name("hasTags")
        static let toc = TemplateObject.Name("toc")
        static let hasToc = TemplateObject.Name("hasToc")
        static let level = TemplateObject.Name("level")
        static let depth = TemplateObject.Name("depth")
        static let text = TemplateObject.Name("text")
        static let backlinks = TemplateObject.Name("backlinks")
        static let hasBacklinks = TemplateObject.Name("hasBacklinks")
        static let contexts = TemplateObject.Name("contexts")
        static let before = TemplateObject.Name("before")
        static let match = TemplateObject.Name("match")
        static let after = TemplateObject.Name("after")
        static let outgoing = TemplateObject.Name("outgoing")
        static let hasOutgoing = TemplateObject.Name("hasOutgoing")
        static let name = TemplateObject.Name("name")
        static let isDefined = TemplateObject.Name("isDefined")
        static let concepts = TemplateObject.Name("concepts")
        static let hasConcepts = TemplateObject.Name("hasConcepts")
        static let frontMatter = TemplateObject.Name("frontMatter")
        static let localGraph = TemplateObject.Name("localGraph")
        static let aliases = TemplateObject.Name("aliases")
        static let hasAliases = TemplateObject.Name("hasAliases")
        static let note = TemplateObject.Name("note")
        static let source = TemplateObject.Name("source")
        static let section = TemplateObject.Name("section")
        static let excerptHTML = TemplateObject.Name("excerptHTML")
        static let definitions = TemplateObject.Name("definitions")
        static let notes = TemplateObject.Name("notes")
        static let hasDefinitions = TemplateObject.Name("hasDefinitions")
        static let weight = TemplateObject.Name("weight")
        static let related = TemplateObject.Name("related")
        static let hasRelated = TemplateObject.Name("hasRelated")
        static let links = TemplateObject.Name("links")
        static let hasLinks = TemplateObject.Name("hasLinks")
        static let moreLinks = TemplateObject.Name("moreLinks")
        static let moreLinksText = TemplateObject.Name("moreLinksText")
        static let count = TemplateObject.Name("count")
        static let countText = TemplateObject.Name("countText")
        static let mentions = TemplateObject.Name("mentions")
        static let hasMentions = TemplateObject.Name("hasMentions")
        static let moreMentions = TemplateObject.Name("moreMentions")
        static let moreMentionsText = TemplateObject.Name("moreMentionsText")
        static let concept = TemplateObject.Name("concept")
        static let conceptsHref = TemplateObject.Name("conceptsHref")
    }

    /// `date.dayString`, written as bytes when every field fits its width (`NoteDate` pads with
    /// Strings, and the two texts of a date were a fifth of a tag page's context); other
    /// fields (a negative or five-digit year) take `dayString` itself.
    static func dayString(_ date: NoteDate) -> String {
        guard (0...9999).contains(date.year), (0...99).contains(date.month), (0...99).contains(date.day) else {
            return date.dayString
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { out in
            var n = 0
            putDay(date, into: out, at: &n)
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }

    /// `date.rfc3339`, given its `dayString`, the same way: bytes when the fields fit.
    static func rfc3339(_ date: NoteDate, day: String) -> String {
        let offset = date.utcOffsetSeconds ?? 0
        guard (0...9999).contains(date.year), (0...99).contains(date.month), (0...99).contains(date.day),
              (0...99).contains(date.hour), (0...99).contains(date.minute), (0...99).contains(date.second),
              (-359_999...359_999).contains(offset) else {
            return date.rfc3339
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { out in
            var n = 0
            putDay(date, into: out, at: &n)
            out[n] = UInt8(ascii: "T"); n += 1
            put(date.hour, digits: 2, into: out, at: &n)
            out[n] = UInt8(ascii: ":"); n += 1
            put(date.minute, digits: 2, into: out, at: &n)
            out[n] = UInt8(ascii: ":"); n += 1
            put(date.second, digits: 2, into: out, at: &n)
            if offset == 0 {
                out[n] = UInt8(ascii: "Z"); n += 1
            } else {
                out[n] = offset < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"); n += 1
                let a = abs(offset)
                put(a / 3600, digits: 2, into: out, at: &n)
                out[n] = UInt8(ascii: ":"); n += 1
                put((a % 3600) / 60, digits: 2, into: out, at: &n)
            }
            return String(decoding: UnsafeBufferPointer(rebasing: out[0..<n]), as: UTF8.self)
        }
    }

    /// `YYYY-MM-DD` for fields already known to fit.
    private static func putDay(_ date: NoteDate, into out: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        put(date.year, digits: 4, into: out, at: &n)
        out[n] = UInt8(ascii: "-"); n += 1
        put(date.month, digits: 2, into: out, at: &n)
        out[n] = UInt8(ascii: "-"); n += 1
        put(date.day, digits: 2, into: out, at: &n)
    }

    /// A value from 0 to 10^digits - 1 in exactly `digits` digits, zeros in front: what
    /// `NoteDate`'s padding gives for such a value.
    private static func put(_ value: Int, digits: Int, into out: UnsafeMutableBufferPointer<UInt8>, at n: inout Int) {
        var rest = value
        var k = n + digits - 1
        while k >= n {
            out[k] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            k -= 1
        }
        n += digits
    }

    /// A front matter value as templates see it: a date as written, null as `""`.
    static func frontMatter(_ value: FrontMatterValue) -> TemplateValue {
        switch value {
        case .null: return ""
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .date(let d): return .string(d.original)
        case .array(let values): return .list(values.map(frontMatter))
        case .table(let entries):
            var object = TemplateObject()
            for entry in entries { object[entry.key] = frontMatter(entry.value) }
            return .object(object)
        }
    }

    /// An extra page's context value as a template sees it, in one pass; see `ExtraPage` for
    /// the conversions.
    static func convert(_ value: any Sendable, links: PageLinks) -> TemplateValue {
        switch value {
        case let string as String:
            return .string(string)
        case let dictionary as [String: any Sendable]:
            var object = TemplateObject()
            for (key, value) in dictionary { object[key] = convert(value, links: links) }
            return .object(object)
        case let array as [[String: any Sendable]]:
            return .list(array.map { convert($0, links: links) })
        case let array as [any Sendable]:
            return .list(array.map { convert($0, links: links) })
        case let permalink as Permalink:
            return .string(links.href(permalink))
        case let link as ExtraPageLink:
            return ["title": .string(link.title), "href": .string(links.href(link.permalink, fragment: link.fragment))]
        case let bool as Bool:
            return .bool(bool)
        case let int as Int:
            return .int(int)
        case let double as Double:
            return .double(double)
        case let substring as Substring:
            return .string(String(substring))
        case let date as NoteDate:
            return self.date(date)
        case let frontMatter as FrontMatterValue:
            return self.frontMatter(frontMatter)
        case let value as TemplateValue:
            return value
        default:
            // Anything else is shown as its description.
            return .string(String(describing: value))
        }
    }
}

extension TemplateValue {
    /// An object of two, three or four names, as a dictionary literal of them makes it (see
    /// `TemplateObject.init(_:_:_:_:)`: made at once when the names differ).
    ///
    /// For the items of a page's lists, made by the ten thousand: a literal hands its pairs over
    /// in an array, which is filled and then destroyed pair by pair through the generic value
    /// witnesses, about 340 instructions per object on top of the object itself.
    static func object(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y))
    }

    static func object(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue,
                       _ c: String, _ z: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y, c, z))
    }

    static func object(_ a: String, _ x: TemplateValue, _ b: String, _ y: TemplateValue,
                       _ c: String, _ z: TemplateValue, _ d: String, _ w: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y, c, z, d, w))
    }

    /// The same with keys whose fingerprints are worked out once (`TemplateObject.Name`).
    static func object(_ a: TemplateObject.Name, _ x: TemplateValue, _ b: TemplateObject.Name, _ y: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y))
    }

    static func object(_ a: TemplateObject.Name, _ x: TemplateValue, _ b: TemplateObject.Name, _ y: TemplateValue,
                       _ c: TemplateObject.Name, _ z: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y, c, z))
    }

    static func object(_ a: TemplateObject.Name, _ x: TemplateValue, _ b: TemplateObject.Name, _ y: TemplateValue,
                       _ c: TemplateObject.Name, _ z: TemplateValue, _ d: TemplateObject.Name, _ w: TemplateValue) -> TemplateValue {
        .object(TemplateObject(a, x, b, y, c, z, d, w))
    }
}
