package rules

import (
	"encoding/binary"
	"math/bits"
)

// Flags of a word in the word table: what the scan does when it sees it
// (the patterns filed under the whole word are its slot's group).
const (
	wordFirst  uint32 = 1 << iota // some phrase starts with this word
	wordSecond                    // some phrase has this word second
	wordPrefix                    // some prefix key is a prefix of this word
	wordFlags  = wordFirst | wordSecond | wordPrefix
)

// wordTable maps folded words to small ids (their place among the keys,
// plus one) with open addressing, so that the scan hashes each word of an
// item once and everything else it looks up — the phrases from a word,
// the patterns filed under it — is keyed by small integers. A bit filter
// in front answers most words that are no key from a few KB. The open
// addressing is over an index of four bytes a slot, the key's id and part
// of its hash, at most half full; the keys themselves are a dense array of
// 32-byte slots, each holding a key's first twelve bytes, its length, its
// flags, its group and a 64-bit filter of the words that follow it in
// phrases, so that finding a key reads one index entry and one slot (never
// two cache lines), and only a key longer than twelve bytes reads its
// remaining bytes elsewhere. With 10,000 rules (10,000 keys) that is
// 128 KB of index and 320 KB of keys where slots in the index itself took
// 790 KB. Go's map[string], which follows a pointer to each key's bytes,
// missed the cache more. The filter of following words had 32 bits: with
// 10,000 rules 60 pairs of words an item passed it, 45 with 64, for 21.5
// that start a phrase.
type wordTable struct {
	index       []uint32 // 0: empty; else the tag bits of the key's hash | its id
	idMask      uint32   // the id bits of an index entry
	mask        uint32
	keys        []wordSlot // by id-1
	filter      []uint64   // bit hash>>filterShift is set for every key's hash
	filterShift uint8
	info        []wordInfo // by id-1, for keys longer than twelve bytes
	tails       []byte     // the bytes of those keys after their first twelve
}

// wordSlot is one key.
type wordSlot struct {
	head  uint64 // the key's first eight bytes, little-endian, zero-padded
	head2 uint32 // its next four bytes, likewise
	check uint32 // min(len, 255)<<4 | flags
	group int32  // noGroup if none
	next  uint64 // a 64-bit filter of the second words of the phrases this word starts
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

// wordCheck is the check of a slot holding a key of length n, without its
// flags.
func wordCheck(n int) uint32 { return uint32(min(n, 255)) << 4 }

// newWordTable makes a table of distinct keys; key i gets id i+1.
func newWordTable(keys []wordKey) *wordTable {
	size := 8
	for size < 2*len(keys) {
		size *= 2
	}
	fbits := filterBits(len(keys))
	t := &wordTable{index: make([]uint32, size), mask: uint32(size - 1), idMask: 1<<bits.Len(uint(len(keys))) - 1,
		keys: make([]wordSlot, len(keys)), info: make([]wordInfo, len(keys)),
		filter: make([]uint64, fbits/64), filterShift: uint8(64 - bits.TrailingZeros(uint(fbits)))}
	for k, key := range keys {
		b := []byte(key.text)
		hd := head(b)
		h := hashWord(b, hd)
		i := uint32(h) & t.mask
		for t.index[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.index[i] = uint32(h>>32)&^t.idMask | uint32(k+1)
		t.keys[k] = wordSlot{head: hd, head2: head2(b), check: wordCheck(len(b)) | key.flags, group: key.group}
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

// noWord is what find returns for a word that is no key; nothing writes
// to it.
var noWord = wordSlot{group: noGroup}

// find returns the slot of word and its id, or noWord and 0.
func (t *wordTable) find(word []byte) (*wordSlot, int32) {
	hd := head(word)
	h := hashWord(word, hd)
	if f := h >> t.filterShift; t.filter[f/64]&(1<<(f%64)) == 0 {
		return &noWord, 0
	}
	check, tag := wordCheck(len(word)), uint32(h>>32)&^t.idMask
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		x := t.index[i]
		if x == 0 {
			return &noWord, 0
		}
		if x&^t.idMask != tag {
			continue
		}
		id := x & t.idMask
		s := &t.keys[id-1]
		if s.check&^wordFlags == check && s.head == hd &&
			(len(word) <= 8 || s.head2 == head2(word) && (len(word) <= 12 || t.tailIs(id-1, word[12:]))) {
			return s, int32(id)
		}
	}
}

// nextBit is the bit of word id in the filter of the words that follow a
// phrase's first word (wordSlot.next): most first words start few
// phrases, so most pairs of words are ruled out with the slot of the first
// already at hand, without a look-up.
func nextBit(id int32) uint64 { return 1 << (uint32(id) * 0x9E3779B1 >> 26) }

// flags returns the flags of the word in slot s.
func (s *wordSlot) flags() uint32 { return s.check & wordFlags }

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
// its group, twelve bytes, at most three quarters full: with 10,000 rules
// (10,000 pairs) 192 KB, where separate arrays of keys and groups at most
// half full took 384 KB and, with the other tables, no longer fitted a
// core's second-level cache.
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
	for 3*size < 4*len(keys) {
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
