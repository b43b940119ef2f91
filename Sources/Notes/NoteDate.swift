import Diagnostics
/// A date from front matter, kept as written (`2025-03-04`, `2025-03-04 13:16:46 +0900`,
/// `2025-03-04T13:16:46.680+09:00`) and broken into fields, so sorting and display never depend on
/// the build machine's time zone.
public struct NoteDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// Offset from UTC in seconds when the source gave one; nil for a local (floating) time.
    public var utcOffsetSeconds: Int?
    /// Whether a time of day was written.
    public var hasTime: Bool
    /// The text as written in the source.
    public var original: String

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                utcOffsetSeconds: Int? = nil, hasTime: Bool = false, original: String? = nil) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
        self.utcOffsetSeconds = utcOffsetSeconds
        self.hasTime = hasTime
        self.original = original ?? ""
        if self.original.isEmpty { self.original = self.dayString }
    }

    /// Parses the date forms front matter uses; nil for anything else.
    /// `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM[:SS[.fff]]`, optionally
    /// followed by `Z`, `±HH:MM`, `±HHMM` or ` ±HHMM`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingHorizontalSpace()
        // Read where the string keeps its bytes: copying them into an array first cost more
        // than the parse, for the date of nearly every note.
        guard let fields = trimmed.withUTF8Bytes({ Self.fields(of: $0) }) else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
                  second: fields.second, utcOffsetSeconds: fields.offset, hasTime: fields.hasTime, original: trimmed)
    }

    /// The fields of a date written as `init(parsing:)` describes, from its UTF-8 bytes (already
    /// trimmed); nil when they are not such a date.
    private static func fields(of s: UnsafeBufferPointer<UInt8>)
        -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int?, hasTime: Bool)? {
        var i = 0
        func number(_ width: Int) -> Int? {
            guard i + width <= s.count else { return nil }
            var value = 0
            for k in i..<(i + width) {
                let c = s[k]
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            i += width
            return value
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }
        // A day the month does not have (`2024-02-30`, `2023-02-29`) is no date: let through,
        // it was shown as written and sorted as the first days of the next month.
        guard let y = number(4), expect(UInt8(ascii: "-")), let m = number(2), expect(UInt8(ascii: "-")), let d = number(2),
              (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d) else { return nil }
        var hour = 0, minute = 0, second = 0
        var offset: Int?
        var hasTime = false
        if i < s.count, s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") {
            i += 1
            guard let h = number(2), expect(UInt8(ascii: ":")), let mi = number(2), h < 24, mi < 60 else { return nil }
            hour = h
            minute = mi
            hasTime = true
            if i < s.count, s[i] == UInt8(ascii: ":") {
                i += 1
                guard let sec = number(2), sec <= 60 else { return nil }
                second = sec
                if i < s.count, s[i] == UInt8(ascii: ".") {
                    i += 1
                    while i < s.count, s[i] >= 48, s[i] <= 57 { i += 1 }
                }
            }
            while i < s.count, s[i] == UInt8(ascii: " ") { i += 1 }
            if i < s.count {
                if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
                    offset = 0
                    i += 1
                } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
                    let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
                    i += 1
                    // RFC 3339 offsets are 00:00 to 23:59: `+99:99` was taken as 100 hours
                    // and 39 minutes, and written out so (`+100:39`) in feeds and pages.
                    guard let oh = number(2), oh < 24 else { return nil }
                    _ = expect(UInt8(ascii: ":"))
                    let om = number(2) ?? 0
                    guard om < 60 else { return nil }
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard i == s.count else { return nil }
        return (y, m, d, hour, minute, second, offset, hasTime)
    }

    /// How many days `month` (1 to 12) has in `year` of the Gregorian calendar.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }

    /// `2025-03-04`.
    public var dayString: String {
        pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// RFC 3339, as Atom feeds and sitemaps want: `2025-03-04T13:16:46+09:00`; a date without a
    /// time or offset is taken as midnight UTC so the output does not depend on the machine.
    public var rfc3339: String {
        var text = dayString + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2)
        let offset = utcOffsetSeconds ?? 0
        if offset == 0 {
            text += "Z"
        } else {
            let sign = offset < 0 ? "-" : "+"
            let a = abs(offset)
            text += sign + pad(a / 3600, 2) + ":" + pad((a % 3600) / 60, 2)
        }
        return text
    }

    public var description: String { original }

    /// Seconds since 1970 in UTC (a floating time counts as UTC), for ordering.
    public var epochSeconds: Int {
        // Days from civil, Howard Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146097 + doe - 719468
        return days * 86400 + hour * 3600 + minute * 60 + second - (utcOffsetSeconds ?? 0)
    }

    public static func < (a: NoteDate, b: NoteDate) -> Bool {
        if a.epochSeconds != b.epochSeconds { return a.epochSeconds < b.epochSeconds }
        return a.original < b.original
    }

    private func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

import Foundation
