import Analytics
import ArgumentParser
import OlistData
import Site
import Warehouse

/// The exit codes documented in the README.
public enum ExitStatus: Int32 {
    case ok = 0
    case internalError = 1
    case badInput = 2
    case warehouseUnreachable = 3
    case interrupted = 130
}

/// Prints `error: message` on stderr and maps the error to an exit code.
func fail(_ error: Error) -> ExitCode {
    let (message, status): (String, ExitStatus) =
        switch error {
        case let e as OlistError: ("\(e)", .badInput)
        case let e as AnalyticsError: ("\(e)", .badInput)
        case let e as SiteError: ("\(e)", .internalError)
        case let e as WarehouseError: (e.message, e.unreachable ? .warehouseUnreachable : .internalError)
        case let e as CLIError: (e.message, e.status)
        default: ("\(error)", .internalError)
        }
    Console.error("error: \(message)")
    return ExitCode(status.rawValue)
}

/// An error of the CLI itself, with its exit status.
struct CLIError: Error {
    var message: String
    var status: ExitStatus = .badInput
}
