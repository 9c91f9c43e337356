// Japanese era (和暦) names for dates, from a fixed table rather than Foundation's Japanese
// calendar, which costs tens of milliseconds to load at start-up.

/// A Japanese era from Meiji on, with the Gregorian day it began.
package struct JapaneseEra: Hashable, Sendable {
  /// The era name in kanji, e.g. `令和`.
  package let name: String
  /// The romanised name, e.g. `Reiwa`.
  package let romaji: String
  /// The one-letter abbreviation officials write, e.g. `R` in `R5.3.31`.
  package let letter: String
  /// The first day of the era (Gregorian). Year 1 of the era is this day's Gregorian year.
  package let start: CalendarDate

  /// Meiji to Reiwa, oldest first. Meiji began on 明治元年9月8日 of the old lunisolar calendar,
  /// 1868-10-23 in the Gregorian; Japan used the Gregorian calendar from 1873-01-01 (明治6年), so for
  /// 1868–1872 the month and day shown are the Gregorian ones, as in most software.
  package static let all: [JapaneseEra] = [
    JapaneseEra(name: "明治", romaji: "Meiji", letter: "M", start: CalendarDate(unchecked: 1868, 10, 23)),
    JapaneseEra(name: "大正", romaji: "Taisho", letter: "T", start: CalendarDate(unchecked: 1912, 7, 30)),
    JapaneseEra(name: "昭和", romaji: "Showa", letter: "S", start: CalendarDate(unchecked: 1926, 12, 25)),
    JapaneseEra(name: "平成", romaji: "Heisei", letter: "H", start: CalendarDate(unchecked: 1989, 1, 8)),
    JapaneseEra(name: "令和", romaji: "Reiwa", letter: "R", start: CalendarDate(unchecked: 2019, 5, 1)),
  ]

  /// The Gregorian year before the era's year 1 (`令和n年` is year `base + n`).
  package var base: Int { start.year - 1 }

  /// The era `date` falls in, or nil before Meiji.
  package static func of(_ date: CalendarDate) -> JapaneseEra? {
    all.last { $0.start <= date }
  }
}

extension CalendarDate {
  /// The era, its year (1 = 元年) and the date, or nil before Meiji (1868-10-23).
  package var eraYear: (era: JapaneseEra, year: Int)? {
    JapaneseEra.of(self).map { ($0, year - $0.base) }
  }

  /// The date in era form, `令和6年3月31日`, with `元年` for an era's first year; nil before Meiji.
  package var wareki: String? {
    guard let (era, n) = eraYear else { return nil }
    return "\(era.name)\(n == 1 ? "元" : String(n))年\(month)月\(day)日"
  }
}
