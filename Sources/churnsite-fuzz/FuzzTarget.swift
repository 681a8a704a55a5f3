import Foundation
import OlistData

// Built two ways. With -D FUZZING and -sanitize=fuzzer,address (see `make fuzz`), libFuzzer's own
// main drives LLVMFuzzerTestOneInput. In a normal build `churnsite-fuzz FILE…` replays inputs, which
// is how crashes found by fuzzing become regression tests.

@_cdecl("LLVMFuzzerTestOneInput")
public func churnsiteFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Fuzzing.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    /// SwiftPM makes this the program's entry point; it hands over to libFuzzer's driver.
    @main
    struct Fuzz {
        static func main() {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, churnsiteFuzz))
        }
    }
#else
    @main
    struct Replay {
        static func main() {
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                    exit(1)
                }
                Fuzzing.run([UInt8](data))
            }
            print("replayed \(CommandLine.arguments.count - 1) inputs")
        }
    }
#endif
