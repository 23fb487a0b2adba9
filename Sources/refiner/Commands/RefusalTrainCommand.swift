import Foundation
import Text

/// `refiner train --target refusal`: fits the refusal classifier on a corpus of refusals and claims, measures it,
/// and writes its weights as Swift source.
enum RefusalTrainCommand {
    static let help = """
        Usage: refiner train --target refusal --data FILE [options]

        Fits the sentence classifier that recognises refusals the phrase lists miss. Training sentences come from
        a corpus of answers marked "abstain" (every sentence a refusal, courtesy left out) or "judged" (the
        sentences the phrase lists take for refusals are refusals, the rest claims), and from the answers and
        context sentences of a labelled data file, all claims. Prints, for each case file measured, how many
        refusals and claims abstain with the phrase lists alone and with the classifier at several thresholds.

        Options:
          --negatives FILE    Labelled records (JSON Lines, as train.jsonl) whose answers and contexts are claims.
          --exclude-set NAMES Leave the corpus cases of these sets (names joined by commas) out of training and
                              measure on each.
          --test FILE         Further cases in the corpus format to measure on.
          --out FILE          Write the weights into this Swift source file (RefusalClassifier+Weights.swift).
          --epochs N          Passes over the sentences, 1-200. Default: 20.
          --seed N            Seed for the order of the sentences. Default: 1.
          --show-errors       Also print, at the shipped threshold, the refusals measured that do not abstain and
                              the answers with a claim that do.

        Corpus format, one JSON object per line: "answer", "expect" ("abstain" or "judged"), and optionally
        "question", "contexts" and "set".
        """

    /// One answer of the refusal corpus.
    struct Case: Decodable {
        var answer: String
        var question: String?
        var expect: String
        var set: String?
    }

    /// Contexts whose sentences are used as claims; more add time and few new wordings.
    static let negativeContextRecords = 600

    static func run(_ rawArguments: [String]) throws {
        let arguments = try Arguments(
            rawArguments, options: ["target", "data", "negatives", "exclude-set", "test", "out", "epochs", "seed"],
            flags: ["show-errors"])
        if arguments.wantsHelp {
            print(help)
            return
        }
        guard let dataPath = arguments.string("data") else {
            throw Arguments.ParseError(description: "--data is required; see refiner train --target refusal --help")
        }
        let epochs = try arguments.integer("epochs", in: 1...200) ?? 20
        let seed = UInt64(try arguments.integer("seed", in: 0...Int(Int32.max)) ?? 1)
        let excluded = Set(arguments.string("exclude-set")?.split(separator: ",").map(String.init) ?? [])

        let corpus = try load(dataPath)
        let training = corpus.filter { !excluded.contains($0.set ?? "") }
        var examples = training.flatMap(sentenceExamples)
        let corpusCount = examples.count
        if let negativesPath = arguments.string("negatives") {
            examples += try negativeExamples(LabelledRecord.load(path: negativesPath))
        }
        print(
            "training sentences: \(examples.count) (\(examples.filter(\.isRefusal).count) refusals; "
                + "\(corpusCount) from \(training.count) corpus cases)")
        let started = Date()
        let classifier = RefusalClassifier.train(examples, epochs: epochs, seed: seed)
        print(String(format: "trained in %.1f s", Date().timeIntervalSince(started)))

        for set in excluded.sorted() {
            measure(
                corpus.filter { $0.set == set }, classifier, name: "set \(set), left out of training",
                showErrors: arguments.flag("show-errors"))
        }
        if let testPath = arguments.string("test") {
            measure(try load(testPath), classifier, name: testPath, showErrors: arguments.flag("show-errors"))
        }
        if let outPath = arguments.string("out") {
            try source(classifier).write(toFile: outPath, atomically: true, encoding: .utf8)
            print("wrote \(outPath)")
        }
    }

    static func load(_ path: String) throws -> [Case] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try text.split(separator: "\n").enumerated().map { number, line in
            do {
                return try JSONDecoder().decode(Case.self, from: Data(line.utf8))
            } catch {
                throw Arguments.ParseError(description: "\(path) line \(number + 1) is not a corpus case: \(error)")
            }
        }
    }

    /// Splits an answer as the analysis does, with the phrase lists and `classifier` when given.
    static func read(_ answer: String, hasQuestion: Bool, classifier: RefusalClassifier? = nil) -> (
        sentences: [[Token]], refusals: Set<Int>, tokens: [Token]
    ) {
        let tokens = Tokenizer.tokenize(answer)
        let (sentences, refusals) = RefusalDetector.separateClauses(
            SentenceSplitter.split(answer, asAnswer: true), tokens: tokens, hasQuestion: hasQuestion,
            classifier: classifier)
        let sentenceTokens = sentences.map { sentence in
            tokens.filter { $0.start >= sentence.start && $0.start < sentence.end }
        }
        return (sentenceTokens, refusals, tokens)
    }

    static func sentenceExamples(_ item: Case) -> [RefusalClassifier.Example] {
        let hasQuestion = item.question.isPresentQuestion
        let (sentences, refusals, _) = read(item.answer, hasQuestion: hasQuestion)
        return sentences.indices.compactMap { index in
            let tokens = sentences[index]
            guard item.expect == "abstain" else {
                return RefusalClassifier.Example(tokens: tokens, isRefusal: refusals.contains(index))
            }
            // Courtesy and sentences without a word are part of a refusal but say nothing about refusing.
            if RefusalDetector.isCourtesy(tokens) || RefusalDetector.hasNoClaim(tokens, hasQuestion: hasQuestion) {
                return nil
            }
            return RefusalClassifier.Example(tokens: tokens, isRefusal: true)
        }
    }

    static func negativeExamples(_ records: [LabelledRecord]) -> [RefusalClassifier.Example] {
        var examples: [RefusalClassifier.Example] = []
        for (number, record) in records.enumerated() {
            var texts = [record.answer]
            if number < negativeContextRecords { texts += record.contexts }
            for text in texts {
                let tokens = Tokenizer.tokenize(text)
                for sentence in SentenceSplitter.split(text) {
                    let members = tokens.filter { $0.start >= sentence.start && $0.start < sentence.end }
                    if !members.isEmpty {
                        examples.append(RefusalClassifier.Example(tokens: members, isRefusal: false))
                    }
                }
            }
        }
        return examples
    }

    /// Prints how many refusals and claims abstain with the phrase lists alone and with the classifier at several
    /// thresholds, reading each answer as the verifier does.
    static func measure(_ cases: [Case], _ classifier: RefusalClassifier, name: String, showErrors: Bool) {
        let refusals = cases.filter { $0.expect == "abstain" }.count
        print("\(name): \(refusals) refusals, \(cases.count - refusals) answers with a claim")
        for threshold in [nil, 0.5, 0.7, 0.8, 0.9, 0.95] as [Float?] {
            let trial = threshold.map {
                RefusalClassifier(weights: classifier.weights, bias: classifier.bias, threshold: $0)
            }
            var abstained = (refusals: 0, claims: 0)
            for item in cases {
                let hasQuestion = item.question.isPresentQuestion
                let parts = read(item.answer, hasQuestion: hasQuestion, classifier: trial)
                let reading = RefusalDetector.read(
                    sentences: parts.sentences, refusals: parts.refusals, tokens: parts.tokens, hasQuestion: hasQuestion
                )
                if showErrors, threshold == RefusalClassifier.shippedThreshold,
                    reading.abstains != (item.expect == "abstain")
                {
                    print("    \(reading.abstains ? "claim abstains" : "refusal judged"): \(item.answer)")
                }
                guard reading.abstains else { continue }
                if item.expect == "abstain" { abstained.refusals += 1 } else { abstained.claims += 1 }
            }
            let label = threshold.map { String(format: "classifier at %.2f", $0) } ?? "phrase lists alone"
            print(
                "  \(label): refusals abstaining \(abstained.refusals)/\(refusals), "
                    + "claims \(abstained.claims)/\(cases.count - refusals)")
        }
    }

    /// Returns the weights file, its Base64 text cut into lines.
    static func source(_ classifier: RefusalClassifier) -> String {
        let encoded = classifier.encoded()
        var lines: [String] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 100, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append("        " + encoded[start..<end])
            start = end
        }
        return """
            // Written by `refiner train --target refusal`; do not edit by hand.

            extension RefusalClassifier {
                /// The shipped weights, encoded by `encoded()`.
                static let shippedWeights = \"\"\"
            \(lines.joined(separator: "\n"))
                    \"\"\"
            }

            """
    }
}
