import Dispatch
import Site

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// SIGINT and SIGTERM during a build: undo the half-written output, keep the previous site, and
/// exit with 130 (interrupt) or 143 (terminate).
enum Interrupts {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install(output: String) {
        for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                SiteWriter.abort(output: output)
                Console.error("error: interrupted; the previous \(output) is unchanged")
                exit(code)
            }
            source.resume()
            sources.append(source)
        }
    }
}
