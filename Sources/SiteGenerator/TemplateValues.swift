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
}

enum TemplateValues {
    /// `{day, datetime, rfc3339, original}`: `day` for display, `datetime` for `<time datetime>`
    /// (a date without a time stays a date, as written).
    static func date(_ date: NoteDate) -> TemplateValue {
        [
            "day": .string(date.dayString),
            "datetime": .string(date.hasTime ? date.rfc3339 : date.dayString),
            "rfc3339": .string(date.rfc3339),
            "original": .string(date.original),
        ]
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
