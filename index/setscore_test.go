package index

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestIdLessIsStringOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	vals := []int64{0, 1, 9, 10, 11, 99, 100, 101, 1000000, 999999, 9223372036854775807, 922337203685477580, -1, -10}
	for range 2000 {
		vals = append(vals, r.Int64N(1<<uint(r.IntN(62)+1)))
	}
	for _, a := range vals {
		for _, b := range vals[:60] {
			if got, want := idLess(a, b), strconv.FormatInt(a, 10) < strconv.FormatInt(b, 10); got != want {
				t.Fatalf("idLess(%d, %d) = %v, want %v", a, b, got, want)
			}
		}
	}
}
