package index

import "container/heap"

// top keeps the want first of the values offered to it, in the order
// before gives: a heap whose root is the last of those kept, so a value
// that does not beat it costs one comparison. The date orders' and
// relevance's set paths keep their pages with it.
type top[T any] struct {
	want   int
	before func(a, b T) bool // a comes before b
	kept   []T
}

// offer keeps v if it is among the want first so far.
func (t *top[T]) offer(v T) {
	switch {
	case len(t.kept) < t.want:
		heap.Push((*topHeap[T])(t), v)
	case t.want > 0 && t.before(v, t.kept[0]):
		t.kept[0] = v
		heap.Fix((*topHeap[T])(t), 0)
	}
}

// worst is the last value kept, and whether want are kept: a value that
// does not come before it need not be offered.
func (t *top[T]) worst() (T, bool) {
	if len(t.kept) < t.want || t.want == 0 {
		var zero T
		return zero, false
	}
	return t.kept[0], true
}

// sorted empties t and returns what it kept, first first.
func (t *top[T]) sorted() []T {
	out := make([]T, len(t.kept))
	for i := len(out) - 1; i >= 0; i-- {
		out[i] = heap.Pop((*topHeap[T])(t)).(T)
	}
	return out
}

// topHeap is top as a heap.Interface.
type topHeap[T any] top[T]

func (h *topHeap[T]) Len() int           { return len(h.kept) }
func (h *topHeap[T]) Less(i, j int) bool { return h.before(h.kept[j], h.kept[i]) } // the last on top
func (h *topHeap[T]) Swap(i, j int)      { h.kept[i], h.kept[j] = h.kept[j], h.kept[i] }
func (h *topHeap[T]) Push(x any)         { h.kept = append(h.kept, x.(T)) }
func (h *topHeap[T]) Pop() any {
	v := h.kept[len(h.kept)-1]
	h.kept = h.kept[:len(h.kept)-1]
	return v
}
