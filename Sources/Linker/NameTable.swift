import Diagnostics
import Foundation

/// A number for every name key and spelling the concept facts of one vault hold, given where
/// each note's facts are extracted, on the parsing threads (`ConceptFactExtractor`): the merge,
/// which runs on one core, then tells keys and spellings apart by their numbers, in arrays,
/// where it hashed and compared every string in a dictionary (hundreds of instructions a name).
///
/// Strings are told apart as a `[String: …]` dictionary tells its keys apart, by Swift's `==`
/// (`HashedName`). Two strings have the same number exactly when the merge's dictionaries took
/// them for the same key before, NFD and NFC twins included.
///
/// The numbers depend on which thread came first, so they are identities and nothing else: the
/// merge never orders anything by them, and reads every string it keeps from the facts, in note
/// order, never from the table.
final class NameTable: @unchecked Sendable {
    private var numbers: [HashedName: Int32]
    private let lock = SpinLock()

    /// About how many distinct keys and spellings a note adds (a title, a few headings, their
    /// keys; 7.8 in the benchmark corpora of 2,000 and 10,000 notes): room for a vault's names
    /// from its number of notes.
    static let stringsPerNote = 8

    /// `capacity`: how many strings the table should hold without growing (a growing table
    /// hashes every string in it again).
    init(capacity: Int = 0) {
        numbers = Dictionary(minimumCapacity: capacity)
    }

    /// Every string numbered so far, with its number: numbers run from 0 to `count - 1`.
    var snapshot: [HashedName: Int32] {
        lock.lock()
        defer { lock.unlock() }
        return numbers
    }

    /// Numbers the names of a batch in place (`Batch.numbered(in:)`): one lock for all of them.
    /// The strings come hashed (`Batch.add`, before the lock is taken): hashing a `String` (as
    /// NFC) was most of a lookup.
    fileprivate func number(_ refs: inout [NameRef], strings: [HashedName]) {
        lock.lock()
        // The table is moved out while it is used: one access to the property, where each
        // string's lookup checked its exclusive access again.
        var table: [HashedName: Int32] = [:]
        swap(&table, &numbers)
        // Positions in `strings` become numbers in the table.
        for r in refs.indices {
            let key = refs[r].key
            if key >= 0 {
                refs[r].key = table.value(forKey: strings[Int(key)], insertingIfAbsent: Int32(table.count))
            }
            // A spelling that is its key (`Batch.add`) has its key's number.
            refs[r].spelling = refs[r].spelling == key ? refs[r].key
                : table.value(forKey: strings[Int(refs[r].spelling)], insertingIfAbsent: Int32(table.count))
        }
        swap(&table, &numbers)
        lock.unlock()
    }

    /// Numbers `facts`' names (`NoteFacts.nameRefs`): each name's key and spelling, in the order
    /// the merge reads them. The spellings are normalised here, on the parsing thread.
    func number(_ facts: inout NoteFacts) {
        var count = facts.aliases.count
        for d in facts.definitions.indices { count += facts.definitions[d].names.count }
        for pair in facts.synonyms { count += pair.count }
        var batch = Batch()
        batch.reserveCapacity(count)
        for d in facts.definitions.indices {
            for (name, key) in zip(facts.definitions[d].names, facts.definitions[d].keys) { batch.add(name, key: key) }
        }
        let synonymsStart = batch.refs.count
        for (pair, keys) in zip(facts.synonyms, facts.synonymKeys) {
            for (name, key) in zip(pair, keys) { batch.add(name, key: key) }
        }
        let aliasesStart = batch.refs.count
        for (alias, key) in zip(facts.aliases, facts.aliasKeys) { batch.add(alias, key: key) }
        facts.nameRefs = NameRefs(all: batch.numbered(in: self), synonymsStart: synonymsStart, aliasesStart: aliasesStart)
    }

    /// Names to number together: each one's key and spelling, by their places in `strings`
    /// (hashed as they are added, on the caller's thread) until `numbered(in:)` numbers them.
    struct Batch {
        var strings: [HashedName] = []
        var refs: [NameRef] = []

        /// Room for `names` names.
        mutating func reserveCapacity(_ names: Int) {
            strings.reserveCapacity(2 * names)
            refs.reserveCapacity(names)
        }

        /// Adds `name`, whose `ConceptName.key` is `key`.
        mutating func add(_ name: String, key: String) {
            let normalizes = ConceptName.needsNormalization(name)
            var ref = NameRef(key: -1, spelling: -1, normalizes: normalizes)
            if !key.isEmpty {
                ref.key = Int32(strings.count)
                strings.append(HashedName(key))
            }
            let spelling = normalizes ? name.nfc : name
            if ref.key >= 0, String.sameBytes(spelling, key) {
                // Equal bytes are equal strings: one lookup for both ("정리", "dropout").
                ref.spelling = ref.key
            } else {
                ref.spelling = Int32(strings.count)
                strings.append(HashedName(spelling))
            }
            refs.append(ref)
        }

        /// The names added, numbered in `table`; the batch is left empty.
        mutating func numbered(in table: NameTable) -> [NameRef] {
            var numbered: [NameRef] = []
            swap(&numbered, &refs)
            table.number(&numbered, strings: strings)
            strings = []
            return numbered
        }
    }
}

/// A string as a table key, its hash made once, where it is made: the `NameTable` is read under
/// a lock that every parsing thread takes, and hashing each name there (Swift hashes a `String`
/// as its NFC scalars) held up the others. Equal exactly when the strings are (`==`), whose
/// hashes are then equal too.
struct HashedName: Hashable, Sendable {
    let string: String
    let hash: Int

    init(_ string: String) {
        self.string = string
        hash = string.hashValue
    }

    static func == (a: HashedName, b: HashedName) -> Bool {
        a.hash == b.hash && a.string == b.string
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(hash)
    }

    /// What the table hashes: the hash made once, mixed with the table's seed in a few
    /// instructions (`HashMix`), where `hash(into:)` ran it through SipHash again at every lookup.
    func _rawHashValue(seed: Int) -> Int {
        HashMix.mixed(hash, seed: seed)
    }
}

/// The numbered names of one note's concept facts (`NameTable.number`), in the order the merge
/// reads them: the names of each definition, then of each acronym pair, then the aliases.
struct NameRefs: Sendable {
    var all: [NameRef] = []
    /// Where the acronym pairs' names start in `all`, and where the aliases do.
    var synonymsStart = 0
    var aliasesStart = 0
}

/// One name of a note's concept facts as the merge reads it: the `NameTable` numbers of its key
/// (-1 for an empty key, which names nothing) and of its spelling (the name in NFC, as
/// `ConceptMerger.nfc` makes it), and whether that spelling had to be normalised.
struct NameRef: Sendable, Hashable {
    var key: Int32
    var spelling: Int32
    /// `ConceptName.needsNormalization` of the name: its spelling is then `name.nfc`, made again
    /// in the merge for the first sight of the spelling only.
    var normalizes: Bool
}
