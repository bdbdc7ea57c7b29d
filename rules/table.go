package rules

import "encoding/binary"

// Kinds of key in a table: the same bytes filed as a whole word, as two
// words or as a prefix are different keys.
const (
	kindWord uint8 = iota
	kindBigram
	kindPrefix
)

// table maps byte strings (folded words, two words, prefixes) to groups
// of patterns with open addressing. A bit filter in front answers most
// words that are no key — most words — with one bit of a 128 KB array; a
// slot holds a key's hash, its first eight bytes, its length and its
// group, so that finding a key reads one slot, and only a key longer than
// eight bytes reads its remaining bytes elsewhere. Go's map[string], which
// follows a pointer to each key's bytes, missed the cache at 10,000 rules.
type table struct {
	slots  []slot
	mask   uint32
	filter []uint64 // bit hash>>filterShift is set for every key's hash
	tails  []byte   // the bytes of keys after their first eight
}

// filterShift sizes the table's filter: 2^(64-filterShift) bits.
const filterShift = 64 - 20

// slot is one key and its group, or an empty slot (meta 0).
type slot struct {
	head  uint64 // the key's first eight bytes, little-endian, zero-padded
	tag   uint32 // the hash's high half
	group int32  // group of patterns filed under the key, -1 if none
	off   uint32 // the key's bytes after its first eight are tails[off:off+len-8]
	meta  uint32 // len<<4 | 1<<3 (used) | kind<<1 | 1 if phrases start with this word
}

// tableKey is a key of the table and what it leads to.
type tableKey struct {
	text    string
	kind    uint8
	phrases bool  // kindWord: some phrase starts with this word
	group   int32 // -1 if none
}

// keyMeta is a slot's meta for a key of length n and kind, without the
// phrases bit.
func keyMeta(n int, kind uint8) uint32 { return uint32(n)<<4 | 1<<3 | uint32(kind)<<1 }

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

// hashKey hashes a key of the given kind eight bytes at a time (head
// reads the last, short chunk).
func hashKey(b []byte, kind uint8) uint64 {
	h := uint64(len(b))*0x9E3779B97F4A7C15 ^ uint64(kind)
	for len(b) >= 8 {
		h = (h ^ binary.LittleEndian.Uint64(b)) * 0xbf58476d1ce4e5b9
		h ^= h >> 31
		b = b[8:]
	}
	if len(b) > 0 {
		h = (h ^ head(b)) * 0xbf58476d1ce4e5b9
	}
	h ^= h >> 32
	h *= 0x94d049bb133111eb
	return h ^ h>>29
}

// newTable makes a table of keys, distinct per kind.
func newTable(keys []tableKey) *table {
	size := 8
	for size < 2*len(keys) {
		size *= 2
	}
	t := &table{slots: make([]slot, size), mask: uint32(size - 1), filter: make([]uint64, 1<<(64-filterShift)/64)}
	for _, k := range keys {
		b := []byte(k.text)
		h := hashKey(b, k.kind)
		i := uint32(h) & t.mask
		for t.slots[i].meta != 0 {
			i = (i + 1) & t.mask
		}
		sl := slot{head: head(b), tag: uint32(h >> 32), group: k.group, off: uint32(len(t.tails)), meta: keyMeta(len(b), k.kind)}
		if k.phrases {
			sl.meta |= 1
		}
		if len(b) > 8 {
			t.tails = append(t.tails, b[8:]...)
		}
		t.slots[i] = sl
		t.filter[h>>filterShift/64] |= 1 << (h >> filterShift % 64)
	}
	return t
}

// find returns the slot of key, of the given kind.
func (t *table) find(key []byte, kind uint8) (*slot, bool) {
	h := hashKey(key, kind)
	if t.filter[h>>filterShift/64]&(1<<(h>>filterShift%64)) == 0 {
		return nil, false
	}
	tag, meta, hd := uint32(h>>32), keyMeta(len(key), kind), head(key)
	for i := uint32(h) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.meta == 0 {
			return nil, false
		}
		if s.tag == tag && s.meta&^1 == meta && s.head == hd &&
			(len(key) <= 8 || string(t.tails[s.off:int(s.off)+len(key)-8]) == string(key[8:])) {
			return s, true
		}
	}
}

// phrases reports whether some phrase starts with the word of slot s.
func (s *slot) phrases() bool { return s.meta&1 != 0 }
