import Tensor
import Testing

/// Checks every gradient error of a layer against `gradientTolerance`, one expectation per tensor.
func expectGradientsMatch(
    _ errors: [GradientError], tensorCount: Int, sourceLocation: SourceLocation = #_sourceLocation
) {
    let expectedCount = tensorCount + 1
    let message: Comment = "Expected the input and \(tensorCount) tensors"
    #expect(errors.count == expectedCount, message, sourceLocation: sourceLocation)
    for error in errors {
        #expect(error.error < gradientTolerance, "\(error)", sourceLocation: sourceLocation)
    }
}

/// Checks that a second backward pass doubled every parameter gradient.
func expectDoubled(_ once: Parameters, _ twice: Parameters, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(once.names == twice.names, sourceLocation: sourceLocation)
    #expect(!once.names.isEmpty, sourceLocation: sourceLocation)
    for name in once.names where twice.contains(name) {
        let error = relativeError(twice[name], once[name].scaled(by: 2))
        #expect(error < 1e-5, "\(name): \(error)", sourceLocation: sourceLocation)
    }
}
