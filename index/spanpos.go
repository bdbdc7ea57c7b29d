package index

import "slices"

// check reads positions in doc, a candidate of segment sg, and applies
// the condition. It returns how often the condition holds (phrase
// occurrences; 1 for NEAR), whether it also holds with the spellings as
// typed alone, and the field norm.
//
// Positions are read slot by slot, the rarest first, and reading stops as
// soon as the condition cannot hold (a phrase: no start survives; NEAR: A
// or B, once all its slots are read, does not occur), so a common word's
// positions are read only where the rarer words already line up.
func (s *spanSearcher) check(sg *spanSeg, doc uint64) (freq int, typed bool, norm float64, err error) {
	s.gen++
	if s.whole {
		return s.checkWhole(sg, doc)
	}
	norm = 1
	s.starts = s.starts[:0]
	missingA, missingB := 0, 0
	if s.near != nil {
		missingA, missingB = s.near.la, len(s.slots)-s.near.la
	}
	for n, k := range s.order {
		if norm, err = s.load(sg, k, doc, norm); err != nil {
			return 0, false, 0, err
		}
		if s.near != nil {
			if k < s.near.la {
				missingA--
				if missingA == 0 && countStarts(s.pos[:s.near.la], nil, true) == 0 {
					return 0, false, 0, nil
				}
			} else {
				missingB--
				if missingB == 0 && countStarts(s.pos[s.near.la:], nil, true) == 0 {
					return 0, false, 0, nil
				}
			}
			continue
		}
		if !s.narrow(n, k) {
			return 0, false, 0, nil
		}
	}
	if s.near == nil {
		freq = len(s.starts)
	} else if freq = s.occurrences(s.pos); freq == 0 {
		return 0, false, 0, nil
	}
	if s.scoring && !s.exact() {
		for k, alts := range s.slots {
			s.typedPos[k] = nil
			if t := &sg.terms[alts[0]]; t.seen == s.gen {
				s.typedPos[k] = t.pos
			}
		}
		typed = s.occurrences(s.typedPos) > 0
	}
	return freq, typed, norm, nil
}

// checkWhole is check for a slot of whole-match terms, each of which is
// an occurrence: the frequencies of the slot's terms in doc, summed.
func (s *spanSearcher) checkWhole(sg *spanSeg, doc uint64) (freq int, typed bool, norm float64, err error) {
	norm = 1
	for i, j := range s.slots[0] {
		t := &sg.terms[j]
		if t.docs == nil || !t.docs.Contains(uint32(doc)) {
			continue
		}
		if !s.scoring {
			return 1, false, norm, nil // any occurrence is a match
		}
		if err := t.read(doc, s.gen, false); err != nil {
			return 0, false, 0, err
		}
		freq += max(t.freq, 1)
		norm = t.norm
		typed = typed || i == 0 && s.typed
	}
	return freq, typed, norm, nil
}

// narrow keeps the phrase starts that slot k, the n-th read, allows.
func (s *spanSearcher) narrow(n, k int) bool {
	if n == 0 {
		for _, p := range s.pos[k] {
			if p >= uint64(k) {
				s.starts = append(s.starts, p-uint64(k))
			}
		}
	} else {
		s.starts = slices.DeleteFunc(s.starts, func(c uint64) bool {
			_, ok := slices.BinarySearch(s.pos[k], c+uint64(k))
			return !ok
		})
	}
	return len(s.starts) > 0
}

// load reads the positions of slot k's terms in doc (each term once per
// document) into s.pos[k], sorted, and returns the field norm.
func (s *spanSearcher) load(sg *spanSeg, k int, doc uint64, norm float64) (float64, error) {
	s.pos[k] = s.pos[k][:0]
	alts := s.slots[k]
	for _, j := range alts {
		t := &sg.terms[j]
		if t.docs == nil || len(alts) > 1 && !t.docs.Contains(uint32(doc)) {
			continue // a slot's only term is in every candidate
		}
		s.useTable(sg, j)
		if err := t.read(doc, s.gen, true); err != nil {
			return norm, err
		}
		norm = t.norm
		if len(alts) == 1 {
			s.pos[k] = t.pos
			return norm, nil
		}
		s.pos[k] = append(s.pos[k], t.pos...)
	}
	slices.Sort(s.pos[k])
	return norm, nil
}

// occurrences returns 1 if the phrase occurs or the NEAR holds, else 0.
func (s *spanSearcher) occurrences(pos [][]uint64) int {
	if s.near == nil {
		return countStarts(pos, nil, true)
	}
	la := s.near.la
	s.as = appendStarts(s.as[:0], pos[:la])
	s.bs = appendStarts(s.bs[:0], pos[la:])
	if within(s.as, uint64(la), s.bs, uint64(s.near.dist)) ||
		!s.near.ordered && within(s.bs, uint64(len(pos)-la), s.as, uint64(s.near.dist)) {
		return 1
	}
	return 0
}

// exact reports whether every slot has one spelling only (an exact unit):
// then "as typed" distinguishes nothing.
func (s *spanSearcher) exact() bool {
	for _, alts := range s.slots {
		if len(alts) > 1 {
			return false
		}
	}
	return true
}

// countStarts counts the positions at which the slots of pos occur
// consecutively (where a phrase of those words begins), appending them to
// dst if it is not nil, and stops at the first if first is set.
func countStarts(pos [][]uint64, dst *[]uint64, first bool) int {
	n := 0
	for _, p := range pos[0] {
		ok := true
		for k := 1; k < len(pos) && ok; k++ {
			_, ok = slices.BinarySearch(pos[k], p+uint64(k))
		}
		if !ok {
			continue
		}
		n++
		if dst != nil {
			*dst = append(*dst, p)
		}
		if first {
			break
		}
	}
	return n
}

// appendStarts appends to dst where the words of pos occur as a phrase.
func appendStarts(dst []uint64, pos [][]uint64) []uint64 {
	countStarts(pos, &dst, false)
	return dst
}

// within reports whether an occurrence in bs starts after the end of an
// occurrence of length la in as, with at most dist words between. This is
// query's definition of distance.
func within(as []uint64, la uint64, bs []uint64, dist uint64) bool {
	for _, a := range as {
		lo := a + la
		i, _ := slices.BinarySearch(bs, lo)
		if i < len(bs) && bs[i]-lo <= dist {
			return true
		}
	}
	return false
}
