/// Folds the geolocation table (about a million rows, many per zip prefix) into one entry per
/// prefix while it is read, so memory grows with the number of prefixes, not rows.
struct GeolocationReducer {
    fileprivate struct Accumulator {
        var latSum = 0.0, lngSum = 0.0, rows = 0
        var brLatSum = 0.0, brLngSum = 0.0, brRows = 0
        var places: [String: Int] = [:]  // "state|city" → count
    }

    private var byZip: [ZipPrefix: Accumulator] = [:]

    mutating func add(zip: ZipPrefix, latitude: Double, longitude: Double, city: String, state: String) {
        byZip[zip, default: Accumulator()].add(latitude, longitude, place: state + "|" + city)
    }

    /// One location per prefix, sorted by prefix; the sums are added in file order, so the means do
    /// not depend on threads.
    func locations() -> [ZipLocation] {
        byZip.keys.sorted().map { zip in
            let a = byZip[zip]!
            // Most frequent place; ties go to the alphabetically first, for determinism.
            let place = a.places.max { x, y in x.value != y.value ? x.value < y.value : x.key > y.key }!.key
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
    fileprivate mutating func add(_ lat: Double, _ lng: Double, place: String) {
        latSum += lat
        lngSum += lng
        rows += 1
        if Brazil.contains(latitude: lat, longitude: lng) {
            brLatSum += lat
            brLngSum += lng
            brRows += 1
        }
        places[place, default: 0] += 1
    }
}
