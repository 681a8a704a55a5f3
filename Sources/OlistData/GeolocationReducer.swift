import Foundation

/// Folds the geolocation table (about a million rows, many per zip prefix) into one entry per
/// prefix while it is read, so memory grows with the number of prefixes, not rows.
struct GeolocationReducer {
    fileprivate struct Accumulator {
        var latSum = 0.0, lngSum = 0.0, rows = 0
        var brLatSum = 0.0, brLngSum = 0.0, brRows = 0
        /// The (state, city) pairs seen, with their counts. A prefix has a handful, so they are
        /// found by a scan on a hash of their bytes: a row makes no String unless its pair is new.
        var places: [Place] = []
    }

    fileprivate struct Place {
        var hash: UInt64
        var state: String
        var city: String
        /// The state's and the city's bytes as they were first read, to compare rows with.
        var bytes: [UInt8]
        var stateLength: Int
        var count: Int
    }

    private var byZip: [ZipPrefix: Accumulator] = [:]

    /// `city` and `state` are the fields' UTF-8 bytes (already validated).
    mutating func add(
        zip: ZipPrefix, latitude: Double, longitude: Double, city: ArraySlice<UInt8>, state: ArraySlice<UInt8>
    ) {
        byZip[zip, default: Accumulator()].add(latitude, longitude, state: state, city: city)
    }

    /// One location per prefix, sorted by prefix; the sums are added in file order, so the means do
    /// not depend on threads.
    func locations() -> [ZipLocation] {
        byZip.keys.sorted().map { zip in
            let a = byZip[zip]!
            // Most frequent place; ties go to the alphabetically first "state|city", for determinism.
            let place = a.places.map { (key: $0.state + "|" + $0.city, count: $0.count) }.max { x, y in
                x.count != y.count ? x.count < y.count : x.key > y.key
            }!.key
            let parts = place.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            return ZipLocation(
                zip: zip, latitude: a.latSum / Double(a.rows), longitude: a.lngSum / Double(a.rows),
                brazilLatitude: a.brRows > 0 ? a.brLatSum / Double(a.brRows) : nil,
                brazilLongitude: a.brRows > 0 ? a.brLngSum / Double(a.brRows) : nil,
                city: String(parts[1]), state: String(parts[0]), rows: a.rows, rowsOutsideBrazil: a.rows - a.brRows)
        }
    }
}

extension GeolocationReducer.Accumulator {
    fileprivate mutating func add(_ lat: Double, _ lng: Double, state: ArraySlice<UInt8>, city: ArraySlice<UInt8>) {
        latSum += lat
        lngSum += lng
        rows += 1
        if Brazil.contains(latitude: lat, longitude: lng) {
            brLatSum += lat
            brLngSum += lng
            brRows += 1
        }
        // FNV-1a over the state, a separator and the city.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in state { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        hash = (hash ^ 0x7C) &* 0x100_0000_01B3
        for b in city { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        for k in places.indices where places[k].hash == hash && places[k].holds(state, city) {
            places[k].count += 1
            return
        }
        let (stateText, cityText) = (String(decoding: state, as: UTF8.self), String(decoding: city, as: UTF8.self))
        // Other bytes may still be the same text (composed and decomposed accents), which the
        // String comparison treats as equal.
        if !(state.allSatisfy { $0 < 0x80 } && city.allSatisfy { $0 < 0x80 }) {
            for k in places.indices where places[k].state == stateText && places[k].city == cityText {
                places[k].count += 1
                return
            }
        }
        places.append(
            GeolocationReducer.Place(
                hash: hash, state: stateText, city: cityText, bytes: Array(state) + Array(city),
                stateLength: state.count, count: 1))
    }
}

extension GeolocationReducer.Place {
    /// Whether these are the bytes this place was first read with.
    fileprivate func holds(_ state: ArraySlice<UInt8>, _ city: ArraySlice<UInt8>) -> Bool {
        state.count == stateLength && city.count == bytes.count - stateLength
            && bytes.withUnsafeBufferPointer { b in
                state.withUnsafeBufferPointer { s in
                    city.withUnsafeBufferPointer { c in
                        (s.isEmpty || memcmp(b.baseAddress!, s.baseAddress!, s.count) == 0)
                            && (c.isEmpty || memcmp(b.baseAddress! + s.count, c.baseAddress!, c.count) == 0)
                    }
                }
            }
    }
}
