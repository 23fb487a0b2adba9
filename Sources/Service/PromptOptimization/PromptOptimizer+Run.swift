import Foundation
import Tensor
import Upstream

extension PromptOptimizer {
    /// Runs iterations until the budget cannot pay for another, starting from `seedPrompt`.
    ///
    /// - Parameters:
    ///   - records: Questions with passages; at least 2, split into the Pareto and feedback sets.
    ///   - report: Called after the seed's scoring and after each iteration.
    /// - Throws: `SetupError` when the records or the budget cannot pay for scoring the seed and one iteration.
    public func run(seedPrompt: String, records: [Record], report: @Sendable (Iteration, [Candidate]) -> Void)
        async throws -> Result
    {
        var generator = SeededGenerator(seed: settings.seed)
        let shuffled = records.shuffled(using: &generator)
        let paretoCount = min(settings.paretoSize, shuffled.count / 2)
        guard paretoCount >= 1 else {
            throw SetupError(description: "prompt optimization needs at least 2 records with contexts")
        }
        let paretoSet = Array(shuffled.prefix(paretoCount))
        let feedbackSet = Array(shuffled.dropFirst(paretoCount))
        let minibatch = min(settings.minibatchSize, feedbackSet.count)
        let iterationCost = 2 * minibatch + 1
        // Scoring the seed, one iteration, and scoring its child on the Pareto set if the child is kept.
        let minimum = 2 * paretoCount + iterationCost
        guard settings.budget >= minimum else {
            throw SetupError(
                description: "a budget of \(settings.budget) calls cannot score the seed prompt on \(paretoCount) "
                    + "records, run one iteration (\(iterationCost) calls) and score a kept child; raise --budget "
                    + "to at least \(minimum)")
        }

        var state = RunState(budget: settings.budget)
        let seedScores = await scoreAll(seedPrompt, on: paretoSet, state: &state)
        guard seedScores.contains(where: { $0 != nil }) else {
            throw SetupError(
                description: "the upstream answered none of the \(paretoCount) records the seed prompt was sent "
                    + "with; check REFINER_UPSTREAM_URL and the warnings above")
        }
        var pool = [Candidate(prompt: seedPrompt, parent: nil, scores: seedScores)]
        var iterations: [Iteration] = []
        report(
            Iteration(
                number: 0, parent: 0, parentScore: pool[0].mean, childScore: nil, kept: 0,
                note: "seed prompt scored on \(paretoCount) records", calls: state.calls), pool)

        while state.remaining >= iterationCost {
            let number = iterations.count + 1
            let parent = Self.selectParent(pool, using: &generator)
            let batch = Array(feedbackSet.shuffled(using: &generator).prefix(minibatch))
            var iteration = await iterate(
                number: number, parent: parent, pool: pool, batch: batch, state: &state)
            if let child = state.pendingChild {
                guard state.remaining >= paretoCount else {
                    iteration.note = "accepted on the minibatch, but the budget cannot score it on the Pareto set"
                    iteration.calls = state.calls
                    iterations.append(iteration)
                    report(iteration, pool)
                    break
                }
                let scores = await scoreAll(child, on: paretoSet, state: &state)
                pool.append(Candidate(prompt: child, parent: parent, scores: scores))
                iteration.kept = pool.count - 1
            }
            iteration.calls = state.calls
            iterations.append(iteration)
            report(iteration, pool)
        }
        let front = Self.front(pool)
        let best =
            pool.indices.max { pool[$0].mean < pool[$1].mean || (pool[$0].mean == pool[$1].mean && $0 > $1) } ?? 0
        return Result(
            candidates: pool, best: best, front: front, iterations: iterations, calls: state.calls,
            paretoRecords: paretoSet.map(\.id))
    }

    /// Calls made and the child prompt of the current iteration.
    struct RunState {
        var budget: Int
        var calls = 0
        var pendingChild: String?
        /// Scored answers by prompt and record id; only answers the upstream gave are kept, never a failure.
        var cache: [String: PromptScorer.Feedback] = [:]

        var remaining: Int { budget - calls }
    }

    /// Runs one iteration: the parent on the minibatch, a reflection, then the child on the same minibatch.
    private func iterate(number: Int, parent: Int, pool: [Candidate], batch: [Record], state: inout RunState) async
        -> Iteration
    {
        state.pendingChild = nil
        let prompt = pool[parent].prompt
        let parentFeedback = await generateAll(prompt, on: batch, state: &state)
        let parentScores = parentFeedback.map { $0?.score }
        var iteration = Iteration(
            number: number, parent: parent, parentScore: Self.mean(parentScores), childScore: nil, kept: nil,
            note: "", calls: state.calls)

        let examples = zip(batch, parentFeedback).compactMap { record, feedback in
            feedback.map { (record: record, feedback: $0) }
        }
        let reflection = PromptReflection(
            maxFeedbackCharacters: settings.maxFeedbackCharacters, maxPromptCharacters: settings.maxPromptCharacters)
        state.calls += 1
        let child: String
        do {
            let reply = try await upstream.complete(
                reflection.messages(prompt: prompt, examples: examples), deadline: nil, requestID: nil)
            child = try reflection.prompt(from: reply.content, parent: prompt)
        } catch let error as PromptReflection.Rejection {
            iteration.note = "reflection rejected: \(error.reason)"
            return iteration
        } catch {
            iteration.note = "reflection failed: \(error)"
            return iteration
        }
        guard !pool.contains(where: { $0.prompt == child }) else {
            iteration.note = "reflection rejected: the prompt is already in the pool"
            return iteration
        }

        let childScores = await generateAll(child, on: batch, state: &state).map { $0?.score }
        // Only records both prompts answered are compared, so a failed call never counts as a score of 0.
        let paired = zip(parentScores, childScores).compactMap { pair -> (Double, Double)? in
            guard let parent = pair.0, let child = pair.1 else { return nil }
            return (parent, child)
        }
        iteration.parentScore =
            paired.isEmpty ? iteration.parentScore : paired.map(\.0).reduce(0, +) / Double(paired.count)
        iteration.childScore = paired.isEmpty ? nil : paired.map(\.1).reduce(0, +) / Double(paired.count)
        let improved = !paired.isEmpty && paired.map(\.1).reduce(0, +) > paired.map(\.0).reduce(0, +)
        iteration.note = improved ? "accepted" : "rejected: no strict improvement on the minibatch"
        if improved { state.pendingChild = child }
        return iteration
    }

    private func scoreAll(_ prompt: String, on records: [Record], state: inout RunState) async -> [Double?] {
        await generateAll(prompt, on: records, state: &state).map { $0?.score }
    }

    /// Generates and scores an answer per record; nil where the upstream failed.
    private func generateAll(_ prompt: String, on records: [Record], state: inout RunState) async
        -> [PromptScorer.Feedback?]
    {
        var results: [PromptScorer.Feedback?] = []
        for record in records {
            let key = prompt + "\u{0}" + record.id
            if let cached = state.cache[key] {
                results.append(cached)
                continue
            }
            state.calls += 1
            let messages = prompts.generation(instruction: prompt, question: record.question, contexts: record.contexts)
            guard let reply = try? await upstream.complete(messages, deadline: nil, requestID: nil) else {
                results.append(nil)
                continue
            }
            // Scoring fails only when the run's task is cancelled, which counts like a failed reply.
            guard let feedback = try? await scorer.score(reply.content, for: record) else {
                results.append(nil)
                continue
            }
            state.cache[key] = feedback
            results.append(feedback)
        }
        return results
    }

    private static func mean(_ scores: [Double?]) -> Double {
        let known = scores.compactMap { $0 }
        return known.isEmpty ? 0 : known.reduce(0, +) / Double(known.count)
    }
}
