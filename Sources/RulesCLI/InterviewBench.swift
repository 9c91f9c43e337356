import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource
import RulesYAML

/// `make bench-interview`: plays the interview on every case of some test files and reports how many
/// questions each ordering needs, next to the fewest facts that decide each case.
package enum InterviewBench {
  /// One ordering's figures over the cases.
  package struct Figures: Sendable {
    package let name: String
    package let counts: [Int]
    package let undecided: Int
    package var mean: Double { counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count) }
    package var worst: Int { counts.max() ?? 0 }
  }

  /// Runs the simulations; cases that their own facts leave undecided are skipped (and counted).
  package static func run(_ paths: [String]) throws(DiagnosticError) -> (figures: [Figures], skipped: Int) {
    let options: RulesOptions
    do { options = try RulesOptions.parse([]) } catch {
      throw DiagnosticError(.error(.badOption, "\(error)", at: .file("<command line>")))
    }
    var runner = TestRunner(options: options, limits: LoadLimits(), showCoverage: false, minCoverage: nil,
                            verbose: false, color: false)
    let orders: [(String, InterviewSimulation.Chooser)] = [
      ("questions (eval's order)", InterviewSimulation.questions),
      ("facts.yaml order", InterviewSimulation.declarationOrder),
      ("alphabetical (missing_facts)", InterviewSimulation.alphabetical),
    ]
    var counts = Array(repeating: [Int](), count: orders.count + 1)
    var undecided = Array(repeating: 0, count: orders.count + 1)
    var skipped = 0
    for path in paths {
      let bytes = try InputFile.read(path, maxBytes: InputFile.defaultMaxBytes)
      let doc = try YAMLParser.parse(bytes, path: path)
      guard doc.root?["flip"] == nil else { continue }
      let rules = doc.root?["rules"]?.scalar.map { TestRunner.relative($0.value, to: path) }
      let items = doc.root?["cases"]?.sequence ?? []
      let named = CaseInheritance(items)
      for n in items {
        let c = try runner.parseCase(named.resolve(n), doc: doc, path: path, rules: rules)
        if c.expectedError != nil { continue }  // a case that must fail has no interview
        let p = try runner.provider(c.rules, c.overrides)
        let (ruleSet, _) = try p.ruleSet(on: c.asOf)
        let facts = try c.facts.get().bind(to: ruleSet)
        do throws(EvaluationError) {
          guard try Program.evaluate(ruleSet, facts: facts, asOf: c.asOf, trace: false).decided else {
            skipped += 1
            continue
          }
          for (k, (_, choose)) in orders.enumerated() {
            let r = try InterviewSimulation.run(ruleSet, asOf: c.asOf, answers: facts, choose: choose)
            if r.decided { counts[k].append(r.asked) } else { undecided[k] += 1 }
          }
          counts[orders.count].append(try InterviewSimulation.limit(ruleSet, asOf: c.asOf, answers: facts))
        } catch {
          throw DiagnosticError(error.diagnostic)
        }
      }
    }
    let names = orders.map(\.0) + ["limit (fewest facts that decide)"]
    return (names.indices.map { Figures(name: names[$0], counts: counts[$0], undecided: undecided[$0]) }, skipped)
  }

  /// The report `make bench-interview` prints.
  package static func report(_ paths: [String]) -> (text: String, ok: Bool) {
    do throws(DiagnosticError) {
      let (figures, skipped) = try run(paths)
      var out = "interview on \(figures.first?.counts.count ?? 0) decided cases"
        + (skipped > 0 ? " (\(skipped) left undecided by their own facts skipped)" : "") + "\n"
      for f in figures {
        let pad = String(repeating: " ", count: max(0, 34 - f.name.count))
        out += "  \(f.name)\(pad) mean \(format(f.mean))  worst \(f.worst)"
        out += f.undecided > 0 ? "  (\(f.undecided) cases not decided)\n" : "\n"
      }
      return (out, true)
    } catch {
      return (DiagnosticRenderer(sources: [], color: false).render(error.diagnostics), false)
    }
  }

  static func format(_ x: Double) -> String {
    let r = (x * 100).rounded() / 100
    let s = String(r)
    return s.contains(".") && s.split(separator: ".")[1].count == 1 ? s + "0" : s
  }
}
