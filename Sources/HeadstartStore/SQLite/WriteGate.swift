/// Lets one write transaction at a time hold the writer connection, across the awaits of its
/// async body; the others wait their turn, in order.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            // The turn passes straight to the next in line: busy stays set.
            waiting.removeFirst().resume()
        }
    }
}
