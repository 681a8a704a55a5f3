import Foundation

/// Runs async work to completion from synchronous code (the command's `run`), returning its result.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
    let box = BlockingBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return try box.result!.get()
}

private final class BlockingBox<T: Sendable>: @unchecked Sendable {
    var result: Result<T, Error>?
}
