import Foundation
import Testing
import Text

@Suite struct EnergyEndpointTests {
    private func item(_ record: LabelledRecord) -> [String: Any] {
        var item: [String: Any] = ["contexts": record.contexts, "answer": record.answer]
        if let question = record.question { item["question"] = question }
        return item
    }

    private func post(_ path: String, _ body: [String: Any], port: Int) async throws -> RawResponse {
        try await RawHTTPClient.send(port: port, .json(path, Array(try JSONSerialization.data(withJSONObject: body))))
    }

    /// Unsupported development summaries with a reference, the records refinement is meant to repair.
    private func unsupportedSummaries() throws -> [LabelledRecord] {
        try developmentRecords.get().filter { $0.question == nil && $0.label == 0 && $0.reference != nil }
    }

    @Test func scoreGivesEnergyAndProbability() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try #require(try unsupportedSummaries().first)

        let response = try await post("/score", item(record), port: service.port)
        let body = try response.json()

        #expect(response.status == 200)
        let energy = try #require(body["energy"] as? Double)
        #expect(energy.isFinite)
        #expect(isProbability(body["score"]))
        #expect(body["model"] as? String == "default")
        #expect(body["candidates"] == nil)
    }

    @Test func candidatesAreSortedByEnergyAndMatchSingleScores() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try #require(try unsupportedSummaries().first)
        // The third candidate is the answer's first sentence: an answer that shares no word with the contexts would
        // rank last whatever its energy.
        let firstSentence = String(record.answer.prefix { $0 != "." }) + "."
        let answers = [record.answer, try #require(record.reference), firstSentence]
        var body = item(record)
        body["answer"] = nil
        body["candidates"] = answers

        let ranked = try #require(
            try await post("/score", body, port: service.port).json()["candidates"] as? [[String: Any]])

        #expect(ranked.count == answers.count)
        #expect(Set(ranked.compactMap { $0["answer"] as? String }) == Set(answers))
        let energies = ranked.compactMap { $0["energy"] as? Double }
        #expect(energies == energies.sorted())
        for candidate in ranked {
            var single = item(record)
            single["answer"] = candidate["answer"]
            let alone = try await post("/score", single, port: service.port).json()
            let energy = try #require(alone["energy"] as? Double)
            #expect(abs(energy - (candidate["energy"] as? Double ?? .nan)) < 1e-4)
        }
    }

    /// An answer without a claim is what the energy model was never trained on, so it scores 0 and comes last.
    @Test func answerWithoutClaimRanksLastWithScoreZero() async throws {
        let service = try await ServiceFixture.shared.harness()
        let contexts = ["The Eiffel Tower in Paris is 330 metres tall. It was completed in 1889."]
        let answers = ["...", "The Eiffel Tower is 330 metres tall.", "The Eiffel Tower is 300 metres tall."]

        let ranked = try #require(
            try await post("/score", ["contexts": contexts, "candidates": answers], port: service.port).json()[
                "candidates"] as? [[String: Any]])
        let alone = try await post("/score", ["contexts": contexts, "answer": "..."], port: service.port).json()

        #expect(ranked.last?["answer"] as? String == "...")
        #expect(ranked.last?["score"] as? Double == 0)
        #expect(alone["score"] as? Double == 0)
        let claimEnergies = ranked.dropLast().compactMap { $0["energy"] as? Double }
        #expect(claimEnergies == claimEnergies.sorted())
    }

    /// An answer that shares no content word with the contexts gets score 0 and ranks after the answers that do,
    /// as `/verify` scores it 0: "xyz" had ranked first at 0.84.
    @Test func unrelatedAnswerRanksLastWithScoreZero() async throws {
        let service = try await ServiceFixture.shared.harness()
        let contexts = ["The Oberoi Group is a hotel company with its head office in Delhi."]
        let answers = ["xyz", "The head office is in Mumbai.", "The head office is in Delhi."]

        let ranked = try #require(
            try await post(
                "/score", ["question": "Where is the head office?", "contexts": contexts, "candidates": answers],
                port: service.port
            ).json()["candidates"] as? [[String: Any]])

        #expect(ranked.last?["answer"] as? String == "xyz")
        #expect(ranked.last?["score"] as? Double == 0)
        #expect(ranked.first?["answer"] as? String == "The head office is in Delhi.")
    }

    /// A greeting or a sources line changes no energy: "Hello. The head office is in Delhi." had ranked below the
    /// wrong city.
    @Test func courtesySentencesLeaveTheEnergy() async throws {
        let service = try await ServiceFixture.shared.harness()
        let contexts = ["The Oberoi Group is a hotel company with its head office in Delhi."]
        let right = "The head office is in Delhi."
        let answers = [
            "Hello. \(right)", "\(right)\n\nSources: [1]", "Sources: [1]\n\(right)", "\(right) Have a nice day.",
            "The head office is in Mumbai.", right,
        ]

        let ranked = try #require(
            try await post(
                "/score", ["question": "Where is the head office?", "contexts": contexts, "candidates": answers],
                port: service.port
            ).json()["candidates"] as? [[String: Any]])

        let energies = Dictionary(
            uniqueKeysWithValues: ranked.compactMap { candidate in
                (candidate["answer"] as? String).map { ($0, candidate["energy"] as? Double ?? .nan) }
            })
        #expect(ranked.last?["answer"] as? String == "The head office is in Mumbai.")
        for answer in answers.prefix(4) {
            #expect(energies[answer] == energies[right], "\(answer)")
        }
    }

    /// A refusal scores 0 as a `/refine` candidate, as it does in `/score`.
    @Test func refusalScoresZeroInRefine() async throws {
        let service = try await ServiceFixture.shared.harness()
        let body: [String: Any] = [
            "question": "Where is the head office?", "answer": "I do not know.", "strategy": "ebm",
            "contexts": ["The Oberoi Group is a hotel company with its head office in Delhi."],
        ]

        let refined = try await post("/refine", body, port: service.port).json()
        let candidates = try #require(refined["candidates"] as? [[String: Any]])

        #expect(candidates.first?["score"] as? Double == 0)
    }

    /// Edits that lower the energy but leave the summary less supported are not returned, and the stop reason names
    /// that in place of `energy_lowered`.
    @Test func lessSupportedEditsKeepTheOriginal() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try #require(
            try developmentRecords.get().first { $0.id == "summedits-ectsum-ectsum_AN_q3_2020_17" })
        var body = item(record)
        body["strategy"] = "ebm"
        body["seed"] = 1

        let refined = try await post("/refine", body, port: service.port).json()
        let candidates = try #require(refined["candidates"] as? [[String: Any]])
        let original = try #require(candidates.first { $0["source"] as? String == "original" })
        let edited = try #require(candidates.first { $0["source"] as? String == "ebm" })

        #expect(refined["stop_reason"] as? String == "edits_less_supported")
        #expect(refined["answer"] as? String == record.answer)
        #expect((edited["support"] as? Double ?? 1) < (original["support"] as? Double ?? 0))
    }

    @Test func refineReturnsEveryFieldWithConsistentEdits() async throws {
        let service = try await ServiceFixture.shared.harness()
        // The first unsupported summaries whose refinement edits something, so the edit fields are checked for real.
        var edited = 0
        for record in try unsupportedSummaries().prefix(40) {
            var body = item(record)
            body["budget"] = ["steps": 4]
            body["seed"] = 7
            body["strategy"] = "ebm"
            let response = try await post("/refine", body, port: service.port)
            let result = try response.json()
            #expect(response.status == 200)
            #expect(result["original"] as? String == record.answer)
            let answer = try #require(result["answer"] as? String)
            let energy = try #require(result["energy"] as? [String: Any])
            let before = try #require(energy["before"] as? Double)
            let after = try #require(energy["after"] as? Double)
            #expect(after <= before)
            #expect((energy["steps"] as? [Double])?.count == 5)
            let verification = try #require(result["verification"] as? [String: Any])
            #expect((verification["before"] as? [String: Any])?["label"] != nil)
            #expect((verification["after"] as? [String: Any])?["label"] != nil)
            #expect(result["stop_reason"] is String)
            let stages = try #require((result["trace"] as? [[String: Any]])?.map { $0["stage"] as? String ?? "" })
            #expect(stages.prefix(2) == ["verify", "ebm"])
            #expect(stages.last == "select")

            let edits = try #require(result["edits"] as? [[String: Any]])
            var rebuilt = ""
            var cursor = 0
            for edit in edits {
                let start = try #require(edit["start"] as? Int)
                let end = try #require(edit["end"] as? Int)
                #expect(scalarSlice(record.answer, start, end) == edit["before"] as? String)
                rebuilt += scalarSlice(record.answer, cursor, start) + (edit["after"] as? String ?? "")
                cursor = end
            }
            rebuilt += scalarSlice(record.answer, cursor, record.answer.unicodeScalars.count)
            #expect(rebuilt == answer)
            if !edits.isEmpty {
                #expect(after < before)
                edited += 1
            }
        }
        #expect(edited > 0, "no refinement among 40 unsupported summaries changed anything")
    }

    /// The energies `/refine` reports are the ones `/score` gives the same texts: the edited answer's had been read in
    /// the original's edit space, 3 to 6 units lower, which also skewed the choice against upstream revisions.
    @Test func refineEnergiesMatchScore() async throws {
        let service = try await ServiceFixture.shared.harness()
        var edited = 0
        for record in try unsupportedSummaries().prefix(40) {
            var body = item(record)
            body["strategy"] = "ebm"
            body["seed"] = 1
            let result = try await post("/refine", body, port: service.port).json()
            let answer = try #require(result["answer"] as? String)
            let energy = try #require(result["energy"] as? [String: Any])
            guard answer != record.answer else { continue }
            edited += 1

            var original = item(record)
            original["answer"] = record.answer
            let scoredBefore = try #require(try await post("/score", original, port: service.port).json()["energy"])
            var returned = item(record)
            returned["answer"] = answer
            let scoredAfter = try #require(try await post("/score", returned, port: service.port).json()["energy"])

            let before = try #require(energy["before"] as? Double)
            let after = try #require(energy["after"] as? Double)
            #expect(abs(before - (scoredBefore as? Double ?? .nan)) < 1e-4, "\(record.id)")
            #expect(abs(after - (scoredAfter as? Double ?? .nan)) < 1e-4, "\(record.id)")
            #expect(after < before, "\(record.id)")
            let chosen = (result["candidates"] as? [[String: Any]])?.first { $0["chosen"] as? Bool == true }
            #expect(chosen?["energy"] as? Double == after)
        }
        #expect(edited > 0, "no refinement among 40 unsupported summaries changed anything")
    }

    @Test func refineEditsLeaveContextFullStop() async throws {
        let service = try await ServiceFixture.shared.harness()
        let body: [String: Any] = [
            "strategy": "ebm", "seed": 3,
            "contexts": ["The tower was built by Gustave Eiffel in 1889. It is 330 metres tall. It stands in Paris."],
            "answer": "The tower was built in 1899!!! It is 500 metres tall??? It stands in Paris...",
        ]

        let response = try await post("/refine", body, port: service.port)
        let result = try response.json()
        let edits = try #require(result["edits"] as? [[String: Any]])
        let answer = try #require(result["answer"] as? String)

        #expect(response.status == 200)
        #expect(!edits.isEmpty)
        for edit in edits {
            let after = try #require(edit["after"] as? String)
            #expect(!after.hasSuffix("."), "edit \(edit) carries a full stop")
        }
        #expect(!answer.contains(".!"))
        #expect(!answer.contains(".?"))
    }

    @Test func sameSeedGivesSameRefinement() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try #require(try unsupportedSummaries().dropFirst(3).first)
        var body = item(record)
        body["seed"] = 11

        let first = try await post("/refine", body, port: service.port).json()
        let second = try await post("/refine", body, port: service.port).json()

        #expect(first["answer"] as? String == second["answer"] as? String)
        #expect(
            (first["energy"] as? [String: Any])?["steps"] as? [Double] == (second["energy"] as? [String: Any])?["steps"]
                as? [Double])
    }

    @Test func trmStrategyVerifiesWithoutEditing() async throws {
        let service = try await ServiceFixture.shared.harness()
        let record = try #require(try unsupportedSummaries().first)
        var body = item(record)
        body["strategy"] = "trm"

        let result = try await post("/refine", body, port: service.port).json()

        #expect(result["answer"] as? String == record.answer)
        #expect((result["edits"] as? [Any])?.isEmpty == true)
        #expect(result["stop_reason"] as? String == "verified_only")
    }

    static let rejections: [RejectionCase] = [
        RejectionCase(
            "score without answer or candidates",
            request: .json("/score", Array(#"{"contexts": ["Sales rose."]}"#.utf8)),
            code: "invalid_request", field: "answer"),
        RejectionCase(
            "score with answer and candidates",
            request: .json("/score", Array(#"{"contexts": ["Sales rose."], "answer": "a", "candidates": ["b"]}"#.utf8)),
            code: "invalid_request", field: "candidates"),
        RejectionCase(
            "10,000 candidates",
            request: .json(
                "/score",
                Array(
                    (#"{"contexts": ["Sales rose."], "candidates": ["#
                        + Array(repeating: #""It rose.""#, count: 10_000).joined(separator: ",") + "]}").utf8)),
            code: "invalid_request", field: "candidates"),
        RejectionCase(
            "empty candidates", request: .json("/score", Array(#"{"contexts": ["a"], "candidates": []}"#.utf8)),
            code: "invalid_request", field: "candidates"),
        RejectionCase(
            "candidate a number", request: .json("/score", Array(#"{"contexts": ["a"], "candidates": ["b", 3]}"#.utf8)),
            code: "invalid_request", field: "candidates[1]"),
        RejectionCase(
            "refine without answer", request: .json("/refine", Array(#"{"contexts": ["Sales rose."]}"#.utf8)),
            code: "invalid_request", field: "answer"),
        RejectionCase(
            "steps 0",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "budget": {"steps": 0}}"#.utf8)),
            code: "invalid_request", field: "budget.steps"),
        RejectionCase(
            "steps 1000",
            request: .json(
                "/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "budget": {"steps": 1000}}"#.utf8)),
            code: "invalid_request", field: "budget.steps"),
        RejectionCase(
            "budget not an object",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "budget": 3}"#.utf8)),
            code: "invalid_request", field: "budget"),
        RejectionCase(
            "seed a string",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "seed": "x"}"#.utf8)),
            code: "invalid_request", field: "seed"),
        RejectionCase(
            "seed a fraction",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "seed": 1.5}"#.utf8)),
            code: "invalid_request", field: "seed"),
        RejectionCase(
            "seed a boolean",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "seed": true}"#.utf8)),
            code: "invalid_request", field: "seed"),
        RejectionCase(
            "seed past 2^53",
            request: .json(
                "/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "seed": 9007199254740993}"#.utf8)),
            code: "invalid_request", field: "seed"),
        RejectionCase(
            "seed negative",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "seed": -1}"#.utf8)),
            code: "invalid_request", field: "seed"),
        RejectionCase(
            "unknown strategy",
            request: .json("/refine", Array(#"{"contexts": ["a b"], "answer": "a c", "strategy": "fast"}"#.utf8)),
            code: "invalid_request", field: "strategy"),
        RejectionCase(
            "unknown model for score",
            request: .json("/score", Array(#"{"contexts": ["a b"], "answer": "a c", "model": "nope"}"#.utf8)),
            status: 404, code: "model_not_found", field: "default"),
    ]

    @Test(arguments: rejections)
    func invalidRequestGetsJSONErrorAndConnectionLives(_ rejection: RejectionCase) async throws {
        let service = try await ServiceFixture.shared.harness()

        let responses = try await RawHTTPClient.exchange(
            port: service.port, [rejection.request, RawRequest("GET", "/health")])
        let error = try #require(responses.first).error()

        #expect(responses.first?.status == rejection.status)
        #expect(error.code == rejection.code)
        #expect(error.message.contains(rejection.field), "message: \(error.message)")
        #expect(responses.last?.status == 200)
    }
}
