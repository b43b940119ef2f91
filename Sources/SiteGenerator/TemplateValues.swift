import Notes

/// Template contexts are `[String: Any]` dictionaries. swift-mustache treats any present value,
/// even an empty string, as true in a `{{#section}}`, so absent things are left out rather than
/// stored as "".
typealias TemplateContext = [String: Any]

extension Dictionary where Key == String, Value == Any {
    /// Stores `value` unless it is nil or empty.
    mutating func set(_ key: String, text value: String?) {
        if let value, !value.isEmpty { self[key] = value }
    }
}

enum TemplateValues {
    /// `{day, datetime, rfc3339, original}`: `day` for display, `datetime` for `<time datetime>`
    /// (a date without a time stays a date, as written).
    static func date(_ date: NoteDate) -> TemplateContext {
        [
            "day": date.dayString,
            "datetime": date.hasTime ? date.rfc3339 : date.dayString,
            "rfc3339": date.rfc3339,
            "original": date.original,
        ]
    }

    /// The value as a template sees it; see `ExtraPage` for the conversions.
    static func convert(_ value: Any, links: PageLinks) -> Any {
        switch value {
        case let permalink as Permalink:
            return links.href(permalink)
        case let link as ExtraPageLink:
            return ["title": link.title, "href": links.href(link.permalink, fragment: link.fragment)] as TemplateContext
        case let date as NoteDate:
            return self.date(date)
        case let frontMatter as FrontMatterValue:
            return frontMatter.templateValue
        case let dictionary as [String: any Sendable]:
            return dictionary.mapValues { convert($0, links: links) }
        case let dictionary as [String: Any]:
            return dictionary.mapValues { convert($0, links: links) }
        case let array as [any Sendable]:
            return array.map { convert($0, links: links) }
        case let array as [Any]:
            return array.map { convert($0, links: links) }
        default:
            return value
        }
    }
}
