import Testing

@testable import RulesExpr

private func date(_ text: String) -> CalendarDate {
  do { return try CalendarDate.parse(text) } catch { fatalError(error.message) }
}

private func iso(_ text: String) -> DateDuration {
  do { return try DateDuration.parseISO(text) } catch { fatalError(error.message) }
}

struct LegalPeriodTests {
  @Test(arguments: [
    // start, length, first day, last day of the period
    ("2020-10-01", "P1Y", FirstDay.included, "2021-09-30"),  // the ISMAP text's own arithmetic
    ("2020-10-01", "P1Y", .excluded, "2021-10-01"),
    ("2021-04-01", "P1Y", .included, "2022-03-31"),
    ("2020-02-28", "P1Y", .included, "2021-02-27"),
    ("2020-02-28", "P1Y", .excluded, "2021-02-28"),  // corresponding day 2021-02-29 missing
    ("2020-02-29", "P1Y", .included, "2021-02-28"),
    ("2020-02-29", "P1Y", .excluded, "2021-02-28"),  // counts from 03-01, ends the day before 2021-03-01
    ("2021-01-31", "P1M", .included, "2021-02-28"),
    ("2024-01-31", "P1M", .included, "2024-02-29"),
    ("2021-01-30", "P1M", .excluded, "2021-02-28"),
    ("2021-01-31", "P1M", .excluded, "2021-02-28"),  // counts from 02-01, ends the day before 03-01
    ("2021-03-31", "P1M", .included, "2021-04-30"),
    ("2021-03-31", "P1M", .excluded, "2021-04-30"),
    ("2021-04-01", "P3M", .included, "2021-06-30"),
    ("2021-11-15", "P3M", .included, "2022-02-14"),
    ("2021-07-06", "P30D", .included, "2021-08-04"),
    ("2021-07-06", "P30D", .excluded, "2021-08-05"),
    ("2021-07-06", "P1D", .included, "2021-07-06"),
    ("2021-07-06", "P2W", .included, "2021-07-19"),
    ("2021-04-01", "P1M10D", .included, "2021-05-10"),
    ("2021-01-31", "P1M1D", .included, "2021-03-01"),  // no 02-31: exclusive end 03-01, +1 −1
    ("2021-04-01", "P1Y6M", .included, "2022-09-30"),
    ("9999-12-31", "P1D", .included, "9999-12-31"),
  ])
  func periodEnd(_ start: String, _ length: String, _ firstDay: FirstDay, _ expected: String) throws {
    #expect(try LegalPeriod.end(start: date(start), length: iso(length), firstDay: firstDay) == date(expected))
  }

  @Test(arguments: [DateDuration(), DateDuration(days: -1), DateDuration(years: 1, days: -1), DateDuration(months: -1)])
  func periodsMustBePositive(_ length: DateDuration) {
    #expect(throws: DateArithmeticError.nonPositivePeriod) {
      try LegalPeriod.end(start: date("2021-07-06"), length: length, firstDay: .included)
    }
    #expect(DateArithmeticError.nonPositivePeriod.message == "a period must be longer than zero")
  }

  @Test func periodsPastYear9999AreOutOfRange() {
    #expect(throws: DateArithmeticError.outOfRange) {
      try LegalPeriod.end(start: date("9999-12-31"), length: iso("P1D"), firstDay: .excluded)
    }
    #expect(throws: DateArithmeticError.outOfRange) {
      try LegalPeriod.end(start: date("9999-06-01"), length: iso("P1Y"), firstDay: .included)
    }
  }

  @Test(arguments: [
    ("2021-07-06", "2021-04-01", "2022-03-31"),
    ("2022-03-31", "2021-04-01", "2022-03-31"),
    ("2022-04-01", "2022-04-01", "2023-03-31"),
    ("2021-01-15", "2020-04-01", "2021-03-31"),
    ("9999-05-01", "9999-04-01", "9999-12-31"),  // 10000-03-31 is out of range: clamped
    ("0001-02-01", "0001-01-01", "0001-03-31"),  // 0000-04-01 is out of range: clamped
  ])
  func fiscalYear(_ day: String, _ start: String, _ end: String) {
    #expect(LegalPeriod.fiscalYearStart(date(day)) == date(start))
    #expect(LegalPeriod.fiscalYearEnd(date(day)) == date(end))
  }

  @Test(arguments: [
    // date, duration, rounding, result (nil: nonexistent day)
    ("2021-01-31", "P1M", MonthRounding.none, nil),
    ("2021-01-31", "P1M", .down, "2021-02-28"),
    ("2021-01-31", "P1M", .up, "2021-03-01"),
    ("2020-02-29", "P1Y", .none, nil),
    ("2020-02-29", "P1Y", .down, "2021-02-28"),
    ("2020-02-29", "P1Y", .up, "2021-03-01"),
    ("2020-02-29", "P4Y", .none, "2024-02-29"),
    ("2021-07-06", "P1Y", .none, "2022-07-06"),
    ("2021-07-06", "P30D", .none, "2021-08-05"),
    ("2021-11-30", "P3M", .none, nil),
    ("2021-12-31", "P2M1D", .down, "2022-03-01"),  // months first (02-28), then the day
    ("2021-10-15", "P1Y6M", .none, "2023-04-15"),
  ] as [(String, String, MonthRounding, String?)])
  func addingDurations(_ c: (start: String, length: String, rounding: MonthRounding, result: String?)) throws {
    let start = date(c.start)
    if let result = c.result {
      #expect(try start.adding(iso(c.length), rounding: c.rounding) == date(result))
    } else {
      #expect(throws: DateArithmeticError.self) { try start.adding(iso(c.length), rounding: c.rounding) }
    }
  }

  @Test func arithmeticErrors() throws {
    #expect(throws: DateArithmeticError.nonexistentDay(year: 2021, month: 2, day: 31)) {
      try date("2021-01-31").adding(iso("P1M"))
    }
    #expect(throws: DateArithmeticError.nonexistentDay(year: 2021, month: 2, day: 29)) {
      try date("2020-02-29").adding(iso("P1Y"))
    }
    #expect(
      DateArithmeticError.nonexistentDay(year: 2021, month: 2, day: 31).message
        == "`2021-02-31` does not exist: February 2021 has 28 days; choose a rounding"
        + " (`round: down` gives 2021-02-28, `round: up` gives 2021-03-01)")
    #expect(DateArithmeticError.nonexistentDay(year: 2021, month: 13, day: 1).message == "`2021-13-01` does not exist")
    #expect(throws: DateArithmeticError.outOfRange) { try date("9999-12-31").adding(iso("P1D")) }
    #expect(throws: DateArithmeticError.outOfRange) { try date("0001-03-01").subtracting(iso("P1Y")) }
    #expect(throws: DateArithmeticError.outOfRange) { try date("2021-01-01").adding(DateDuration(years: .max)) }
    #expect(try date("2021-03-01").subtracting(iso("P1D")) == date("2021-02-28"))
    #expect(try date("2021-03-31").subtracting(iso("P1M"), rounding: .down) == date("2021-02-28"))
  }

  @Test func monthOverflowLint() {
    #expect(CalendarDate.monthArithmeticCanOverflow(DateDuration(months: 1)))
    #expect(CalendarDate.monthArithmeticCanOverflow(DateDuration(years: 1)))
    #expect(CalendarDate.monthArithmeticCanOverflow(DateDuration(years: 1, days: 3)))
    #expect(!CalendarDate.monthArithmeticCanOverflow(DateDuration(days: 400)))
    #expect(!CalendarDate.monthArithmeticCanOverflow(DateDuration()))
    #expect(!CalendarDate.monthArithmeticCanOverflow(DateDuration(years: 1, months: -12)))
    #expect(!CalendarDate.monthArithmeticCanOverflow(DateDuration(years: 400)))  // leap pattern repeats
  }
}
