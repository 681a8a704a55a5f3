import Foundation
import Testing

@testable import Hashing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
    ])
    func knownVectors(_ input: String, _ digest: String) {
        #expect(SHA256.hex(Array(input.utf8)) == digest)
    }

    @Test func streamingInPiecesEqualsOneShot() {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var s = SHA256()
        var i = 0
        for size in [1, 63, 64, 65, 7, 1000, 3] + Array(repeating: 997, count: 20) where i < bytes.count {
            let end = min(bytes.count, i + size)
            s.update(Array(bytes[i..<end]))
            i = end
        }
        if i < bytes.count { s.update(Array(bytes[i...])) }
        #expect(s.hex() == SHA256.hex(bytes))
        // One million 'a': the FIPS long-message vector.
        #expect(
            SHA256.hex(Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// A file's digest, mapped in 8 MiB pieces or read through a buffer, is its bytes' digest:
    /// empty, one byte, and one piece and a bit (a piece boundary inside the file).
    @Test func fileDigestsEqualTheBytesDigest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sha256-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for size in [0, 1, (8 << 20) + 3] {
            var bytes = [UInt8](repeating: 0x5a, count: size)
            // Marks on either side of the boundary, so a piece hashed twice or skipped shows.
            for i in [1, 2, 3, 4] where size > 8 << 20 { bytes[(8 << 20) - 3 + i] = UInt8(i) }
            if size > 0 { bytes[0] = 1 }
            let file = dir.appendingPathComponent("\(size)")
            try Data(bytes).write(to: file)
            let expected = SHA256.hex(bytes)
            #expect(SHA256.hex(fileAt: file.path) == expected, "\(size) bytes")
            let fd = open(file.path, O_RDONLY)
            defer { close(fd) }
            #expect(SHA256.readHex(fd) == expected, "\(size) bytes, read")
        }
        #expect(SHA256.hex(fileAt: dir.appendingPathComponent("missing").path) == nil)
    }
}
