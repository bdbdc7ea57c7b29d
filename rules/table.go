package rules

import (
	"encoding/binary"
	"math/bits"
)

// Flags of a word in the word table: what the scan does when it sees it.
const (
	wordFirst  uint32 = 1 << iota // some phrase starts with this word
	wordSecond                    // some phrase has this word second
	wordPrefix                    // some prefix key is a prefix of this word
	wordGroup                     // patterns are filed under the whole word
	wordFlags  = wordFirst | wordSecond | wordPrefix | wordGroup
)

// wordTable maps folded words to small ids (their place among the keys,
// plus one) with open addressing, so that the scan hashes each word of an
// item once and everything else it looks up — the phrases from a word,
// the patterns filed under it — is keyed by small integers. A bit filter
// in front answers most words that are no key from a few KB. Each slot is
// sixteen bytes: a key's first twelve bytes, its length, its flags and its
// id, so that finding a word reads one slot (and a key longer than twelve
// bytes its remaining bytes elsewhere), and what the scan does with most
// words is decided there; the group of patterns filed under a word and the
// filter of the words that follow it in phrases are read by id, only for
// the words that have them. With 10,000 rules (10,000 keys) the slots are
// 512 KB, at most half full (five eighths full, 256 KB, probed more and
// was slower). An index of 4-byte entries over separate key slots took one
// more cache miss a word, slots holding everything (24 bytes) 790 KB, and
// Go's map[string], which follows a pointer to each key's bytes, missed
// the cache more.
type wordTable struct {
	slots       []wordSlot // open addressing; meta 0: empty
	mask        uint32
	filter      []uint64 // bit hash>>filterShift is set for every key's hash
	filterShift uint8
	groups      []int32    // by id-1: the group filed under the word, noGroup if none
	heads       []pairHead // by id-1: the words that follow the word in the phrases it starts
	info        []wordInfo // by id-1, for keys longer than twelve bytes
	tails       []byte     // the bytes of those keys after their first twelve
}

// wordSlot is one key.
type wordSlot struct {
	head  uint64   // the key's first eight bytes, little-endian, zero-padded
	head2 uint32   // its next four bytes, likewise
	meta  wordMeta // id<<12 | min(len, 255)<<4 | flags
}

// wordMeta is what finding a word gives: its id, its length (up to 255)
// and its flags; 0 for a word that is no key.
type wordMeta uint32

// id returns the word's id, 0 if it is no key.
func (m wordMeta) id() int32 { return int32(m >> 12) }

// flags returns the word's flags.
func (m wordMeta) flags() uint32 { return uint32(m) & wordFlags }

// pairHead is what a word that phrases start with keeps of the words that
// follow it in them: two of them, with the groups of the pairs, inline,
// and a filter of the others, whose pairs are in the pair table. Most
// first words start phrases with one or two second words: their pairs are
// found without a look-up, and the others' only where the filter lets a
// pair through.
type pairHead struct {
	next   uint64   // nextBit of every second word not inline
	second [2]int32 // ids of up to two second words, 0 for none
	group  [2]int32 // the groups of those pairs
}

// wordInfo is what the scan needs of a long key: its last bytes.
type wordInfo struct {
	off uint32 // the key's bytes after its first twelve are tails[off:off+n-12]
	n   uint32 // the key's length, which its slot holds only up to 255
}

// wordKey is a key of the word table: a folded word and what it leads to.
type wordKey struct {
	text  string
	flags uint32
	group int32 // noGroup if none
}

// head returns the first eight bytes of b, little-endian, zero-padded: one
// load past its end where the buffer's capacity allows, the bytes beyond
// b masked off.
func head(b []byte) uint64 {
	if len(b) >= 8 {
		return binary.LittleEndian.Uint64(b)
	}
	if len(b) == 0 {
		return 0
	}
	if cap(b) >= 8 {
		return binary.LittleEndian.Uint64(b[:8:8]) & (1<<(8*len(b)) - 1)
	}
	var v uint64
	for i := len(b) - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

// hashWord hashes a word eight bytes at a time; hd is head(b), which the
// caller needs anyway and which holds a short word whole.
func hashWord(b []byte, hd uint64) uint64 {
	h := uint64(len(b)) * 0x9E3779B97F4A7C15
	if len(b) > 8 {
		for ; len(b) > 8; b = b[8:] {
			h = (h ^ binary.LittleEndian.Uint64(b)) * 0xbf58476d1ce4e5b9
			h ^= h >> 31
		}
		hd = head(b)
	}
	h = (h ^ hd) * 0xbf58476d1ce4e5b9
	h ^= h >> 32
	h *= 0x94d049bb133111eb
	return h ^ h>>29
}

// wordCheck is the length bits of the meta of a key of length n.
func wordCheck(n int) wordMeta { return wordMeta(min(n, 255)) << 4 }

// wordLenBits are the bits of a meta that wordCheck sets.
const wordLenBits wordMeta = 0xFF << 4

// maxWordKeys is the most keys a word table holds: ids have 20 bits.
const maxWordKeys = 1<<20 - 1

// newWordTable makes a table of distinct keys, at most maxWordKeys; key i
// gets id i+1.
func newWordTable(keys []wordKey) *wordTable {
	size := 8
	for size < 2*len(keys) {
		size *= 2
	}
	fbits := filterBits(len(keys))
	t := &wordTable{slots: make([]wordSlot, size), mask: uint32(size - 1),
		groups: make([]int32, len(keys)), heads: make([]pairHead, len(keys)), info: make([]wordInfo, len(keys)),
		filter: make([]uint64, fbits/64), filterShift: uint8(64 - bits.TrailingZeros(uint(fbits)))}
	for k, key := range keys {
		b := []byte(key.text)
		hd := head(b)
		h := hashWord(b, hd)
		i := uint32(h) & t.mask
		for t.slots[i].meta != 0 {
			i = (i + 1) & t.mask
		}
		flags := key.flags
		if key.group != noGroup {
			flags |= wordGroup
		}
		t.slots[i] = wordSlot{head: hd, head2: head2(b), meta: wordMeta(k+1)<<12 | wordCheck(len(b)) | wordMeta(flags)}
		t.groups[k] = key.group
		if len(b) > 12 {
			t.info[k] = wordInfo{off: uint32(len(t.tails)), n: uint32(len(b))}
			t.tails = append(t.tails, b[12:]...)
		}
		t.filter[h>>t.filterShift/64] |= 1 << (h >> t.filterShift % 64)
	}
	return t
}

// head2 returns bytes 8 to 11 of b, little-endian, zero-padded.
func head2(b []byte) uint32 {
	if len(b) <= 8 {
		return 0
	}
	return uint32(head(b[8:min(len(b), 12)]))
}

// find returns the meta of word, 0 if it is no key.
func (t *wordTable) find(word []byte) wordMeta {
	hd := head(word)
	h := hashWord(word, hd)
	if f := h >> t.filterShift; t.filter[f/64]&(1<<(f%64)) == 0 {
		return 0
	}
	check := wordCheck(len(word))
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.meta&wordLenBits == check && s.head == hd &&
			(len(word) <= 8 || s.head2 == head2(word) && (len(word) <= 12 || t.tailIs(uint32(s.meta.id()-1), word[12:]))) {
			return s.meta
		}
		if s.meta == 0 {
			return 0
		}
	}
}

// group returns the group filed under the word of m, noGroup if none.
func (t *wordTable) group(m wordMeta) int32 {
	if m.flags()&wordGroup == 0 {
		return noGroup
	}
	return t.groups[m.id()-1]
}

// nextBit is the bit of word id in the filter of the words that follow a
// phrase's first word (pairHead.next): most first words start few
// phrases, so most pairs of words are ruled out with the slot of the first
// already at hand, without a look-up.
func nextBit(id int32) uint64 { return 1 << (uint32(id) * 0x9E3779B1 >> 26) }

// tailIs reports whether key i (its id minus one) is twelve bytes and
// then tail.
func (t *wordTable) tailIs(i uint32, tail []byte) bool {
	in := &t.info[i]
	return int(in.n) == 12+len(tail) && string(t.tails[in.off:in.n-12+in.off]) == string(tail)
}

// keyTable maps non-zero 64-bit keys — two word ids, a prefix's bytes and
// length — to groups of patterns with open addressing. Most look-ups miss
// (most pairs of words start no phrase), so a bit filter of about 16 bits
// a key answers most of them from a few KB; the slots hold each key with
// its group, twelve bytes, at most half full, so that a look-up reads one
// slot, rarely two (three quarters full they were probed twice as often,
// and the table was slower for being smaller).
type keyTable struct {
	filter      []uint64
	filterShift uint8
	slots       []keySlot
	shift       uint8
	mask        uint32
}

// keySlot is one slot of a keyTable: a key, zero if none, and its group.
type keySlot struct {
	lo, hi uint32
	group  int32
}

// newKeyTable makes a table of distinct non-zero keys and their groups.
func newKeyTable(keys []uint64, groups []int32) *keyTable {
	size, fbits := 8, filterBits(len(keys))
	for size < 2*len(keys) {
		size *= 2
	}
	t := &keyTable{slots: make([]keySlot, size), filter: make([]uint64, fbits/64),
		filterShift: uint8(64 - bits.TrailingZeros(uint(fbits))),
		shift:       uint8(64 - bits.TrailingZeros(uint(size))), mask: uint32(size - 1)}
	for k, key := range keys {
		i := t.slot(key)
		for t.slots[i] != (keySlot{}) {
			i = (i + 1) & t.mask
		}
		t.slots[i] = keySlot{lo: uint32(key), hi: uint32(key >> 32), group: groups[k]}
		f := t.filterBit(key)
		t.filter[f/64] |= 1 << (f % 64)
	}
	return t
}

// filterBits sizes the filter of a table of n keys: at least 16 bits a
// key, which lets through a few percent of the words that are no key, in
// 2 KB to 32 KB, which stay in a core's first-level cache.
func filterBits(n int) int {
	b := 1 << 14
	for b < 16*n && b < 1<<18 {
		b *= 2
	}
	return b
}

// slot is where the probe for key starts: the top bits of a Fibonacci
// hash, which spreads keys that differ only in their low bits.
func (t *keyTable) slot(key uint64) uint32 { return uint32(key * 0x9E3779B97F4A7C15 >> t.shift) }

// filterBit is the bit of the filter set for key: the top bits of another
// multiplicative hash than slot's.
func (t *keyTable) filterBit(key uint64) uint64 { return key * 0xbf58476d1ce4e5b9 >> t.filterShift }

// noGroup is the group of no pattern: of a word that is no key, or of a
// key under which only phrases start.
const noGroup = -1

// find returns the group of key, or noGroup if it is no key.
func (t *keyTable) find(key uint64) int32 {
	if f := t.filterBit(key); t.filter[f/64]&(1<<(f%64)) == 0 {
		return noGroup
	}
	lo, hi := uint32(key), uint32(key>>32)
	for i := t.slot(key); ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.lo == lo && s.hi == hi {
			return s.group
		}
		if s.lo|s.hi == 0 {
			return noGroup
		}
	}
}

// pairKey is the key of two words, by id.
func pairKey(a, b int32) uint64 { return uint64(a)<<32 | uint64(uint32(b)) }

// prefixKey is the key of a prefix's first n ≤ maxPrefixKey bytes, hd
// being head of them.
func prefixKey(hd uint64, n int) uint64 { return uint64(n+1)<<32 | hd }
