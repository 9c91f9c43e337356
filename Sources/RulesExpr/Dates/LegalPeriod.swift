// Period arithmetic as the Japanese Civil Code (民法) arts. 140–143 reckon it, plus the Japanese
// fiscal year (April–March). See docs/dates.md for the rules in plain language.

/// Whether the first day of a period is counted (Japanese Civil Code art. 140).
package enum FirstDay: String, Hashable, Sendable, CaseIterable {
  /// The period starts at the beginning of the start day, so that day counts (art. 140 proviso).
  case included
  /// The period runs from an event during the start day, so counting starts the next day
  /// (art. 140 main rule, 初日不算入).
  case excluded
}

/// Japanese legal period and fiscal year arithmetic.
package enum LegalPeriod {
  /// Last day (inclusive) of a period of `length` that starts on `start`, reckoned as the Japanese
  /// Civil Code arts. 140–143 do.
  ///
  /// - The first counted day is `start` (`.included`) or the day after (`.excluded`), art. 140.
  /// - Years and months (art. 143): the corresponding day (応当日) is the first counted day moved
  ///   by that many calendar months, same day of the month; the period ends the day before it.
  ///   If the last month has no such day (31 January + 1 month), the period ends on the last day
  ///   of that month (art. 143(2) proviso).
  /// - Days and weeks only: the last day is the first counted day + days − 1.
  /// - Months and days together: the months give an exclusive end (the corresponding day, or the
  ///   day after the month's last day when there is none), then the days are added, then one day
  ///   is taken off.
  ///
  /// Art. 142 (a period ending on a Sunday or holiday runs to the next business day) is not
  /// applied: it needs a holiday calendar, and not every period is subject to it.
  ///
  /// Throws `.nonPositivePeriod` when a part is negative or all are zero, and `.outOfRange` when
  /// the end is after 9999-12-31.
  package static func end(
    start: CalendarDate, length: DateDuration, firstDay: FirstDay
  ) throws(DateArithmeticError) -> CalendarDate {
    guard length.years >= 0, length.months >= 0, length.days >= 0,
      length.years > 0 || length.months > 0 || length.days > 0
    else { throw .nonPositivePeriod }
    guard let months = length.checkedTotalMonths, let first = start.adding(days: firstDay == .excluded ? 1 : 0)
    else { throw .outOfRange }
    // Rounding up turns "no corresponding day" into "the 1st of the next month", so the one
    // subtraction below lands on the month's last day, exactly as the art. 143(2) proviso says.
    let exclusiveEnd = months == 0 ? first : try first.shifting(months: months, rounding: .up)
    guard let last = exclusiveEnd.adding(days: length.days - 1) else { throw .outOfRange }
    return last
  }

  /// 31 March that ends the Japanese fiscal year (April–March) containing `d`.
  ///
  /// For dates from 9999-04-01 on, that day (10000-03-31) is beyond the supported range, so the
  /// last supported day, 9999-12-31, is returned instead.
  package static func fiscalYearEnd(_ d: CalendarDate) -> CalendarDate {
    CalendarDate(year: d.month >= 4 ? d.year + 1 : d.year, month: 3, day: 31)
      ?? CalendarDate(unchecked: 9999, 12, 31)
  }

  /// 1 April that starts the Japanese fiscal year (April–March) containing `d`.
  ///
  /// For dates before 0001-04-01, that day (0000-04-01) is before the supported range, so the
  /// first supported day, 0001-01-01, is returned instead.
  package static func fiscalYearStart(_ d: CalendarDate) -> CalendarDate {
    CalendarDate(year: d.month >= 4 ? d.year : d.year - 1, month: 4, day: 1)
      ?? CalendarDate(unchecked: 1, 1, 1)
  }
}
