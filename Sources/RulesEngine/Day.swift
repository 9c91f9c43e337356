internal import RulesExpr

/// A calendar day (no time, no time zone), as rule files and facts write dates: `2021-07-06`.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  /// The year, 1...9999.
  public let year: Int
  /// The month, 1...12.
  public let month: Int
  /// The day of the month, 1...31.
  public let day: Int

  /// The day, or nil when it does not exist (such as 2023-02-29).
  public init?(year: Int, month: Int, day: Int) {
    guard CalendarDate(year: year, month: month, day: day) != nil else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`; nil when the text is not a real day in that form.
  public init?(_ iso: String) {
    guard let d = try? CalendarDate.parse(iso) else { return nil }
    self.init(d)
  }

  init(_ d: CalendarDate) {
    year = d.year
    month = d.month
    day = d.day
  }

  var calendarDate: CalendarDate { CalendarDate(year: year, month: month, day: day)! }

  /// `YYYY-MM-DD`.
  public var description: String { calendarDate.description }

  /// Earlier days sort first.
  public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

  /// Decodes from a `YYYY-MM-DD` string.
  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    let s = try c.decode(String.self)
    guard let d = Day(s) else {
      throw DecodingError.dataCorruptedError(in: c, debugDescription: "`\(s)` is not a date (YYYY-MM-DD)")
    }
    self = d
  }

  /// Encodes as a `YYYY-MM-DD` string, the form facts files use.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(description)
  }
}
