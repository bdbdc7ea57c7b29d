package rules

import (
	"fmt"
	"slices"
	"testing"

	"mediawatch"
	"mediawatch/query"
)

// TestLookupEdges holds the word, two-word and prefix look-ups to their
// edges — prefixes shorter and longer than the prefix key (in folded
// bytes), phrases that share their first words, phrases at the end of a
// field or across the title and the text, the same folded unit in exact
// and folded rules — and to query.Matcher on every pair.
func TestLookupEdges(t *testing.T) {
	queries := []string{
		`ab*`,              // r0: prefix of 2 bytes, shorter than the key
		`nguye*`,           // r1: 6 bytes: key "nguy", rest "e"
		`nguyễ*`,           // r2: exact prefix of the same folded bytes
		`"son la"`,         // r3: phrase of two words
		`"son la tinh"`,    // r4: three words sharing r3's first two
		`"Sơn La"`,         // r5: exact, same folded pattern as r3
		`son`,              // r6: a word that starts phrases too
		`"la son" -"la x"`, // r7: phrase with an excluded phrase
		`"a b c d"`,        // r8: four one-letter words
		`đa*`,              // r9: exact prefix of 2 folded bytes (đ folds to d)
	}
	tests := []struct {
		name string
		it   mediawatch.Item
		want []string
	}{
		{"short and long prefixes", mediawatch.Item{Text: "Abc nguyên Nguyễn"}, []string{"r0", "r1", "r2"}},
		{"prefix equal to the word", mediawatch.Item{Text: "ab nguye"}, []string{"r0", "r1"}},
		{"prefix longer than the word", mediawatch.Item{Text: "a ngu nguy"}, nil},
		{"exact prefix misses folded text", mediawatch.Item{Text: "nguyen"}, []string{"r1"}},
		{"phrase at the end of the text", mediawatch.Item{Text: "tỉnh Sơn La"}, []string{"r3", "r5", "r6"}},
		{"three words sharing two", mediawatch.Item{Text: "son la tinh"}, []string{"r3", "r4", "r6"}},
		{"phrase across title and text", mediawatch.Item{Title: "tỉnh Sơn", Text: "La"}, []string{"r6"}},
		{"phrase in the title", mediawatch.Item{Title: "Sơn La", Text: "x"}, []string{"r3", "r5", "r6"}},
		{"phrase starts where the word is last", mediawatch.Item{Text: "la la son"}, []string{"r6", "r7"}},
		{"excluded phrase", mediawatch.Item{Text: "la son la x"}, []string{"r3", "r6"}},
		{"one-letter words", mediawatch.Item{Text: "a b c a b c d"}, []string{"r8"}},
		{"exact short prefix", mediawatch.Item{Title: "Đang", Text: "dang"}, []string{"r9"}},
		{"exact short prefix, folded text", mediawatch.Item{Text: "dang"}, nil},
		{"no words", mediawatch.Item{Title: "—", Text: "!!"}, nil},
	}
	e := engine(t, queries...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := flagged(e, tc.it)
			if !slices.Equal(got, tc.want) {
				t.Errorf("flagged %v, want %v", got, tc.want)
			}
			p := query.Prepare(query.Doc{Title: tc.it.Title, Text: tc.it.Text})
			for i, q := range queries {
				m, err := query.Compile(query.MustParse(q))
				if err != nil {
					t.Fatal(err)
				}
				if id := fmt.Sprintf("r%d", i); m.MatchPrepared(p) != slices.Contains(got, id) {
					t.Errorf("%s %s: engine %v, query.Matcher %v", id, q, slices.Contains(got, id), m.MatchPrepared(p))
				}
			}
		})
	}
}

// TestTable holds the hash table to its keys: each found under its own
// kind only, slices of a larger buffer found as the same bytes, and near
// misses (one byte more or less, another kind) not found.
func TestTable(t *testing.T) {
	keys := []tableKey{
		{text: "son", kind: kindWord, group: 1, phrases: true},
		{text: "son la", kind: kindBigram, group: 2},
		{text: "nguy", kind: kindPrefix, group: 3},
		{text: "", kind: kindPrefix, group: 4},
		{text: "thanhphohochiminh", kind: kindWord, group: 5},
	}
	tab := newTable(keys)
	buf := []byte(" son la thanhphohochiminh thanhphohochiminx nguy so ")
	tests := []struct {
		key   []byte
		kind  uint8
		group int32 // -2: not found
	}{
		{buf[1:4], kindWord, 1},
		{buf[1:7], kindBigram, 2},
		{buf[1:4], kindBigram, -2},
		{buf[1:3], kindWord, -2},
		{buf[1:5], kindWord, -2},
		{buf[8:25], kindWord, 5},
		{buf[26:43], kindWord, -2},
		{buf[44:48], kindPrefix, 3},
		{buf[44:48], kindWord, -2},
		{buf[0:0], kindPrefix, 4},
		{buf[0:0], kindWord, -2},
		{[]byte("son"), kindWord, 1},
	}
	for _, tc := range tests {
		s, ok := tab.find(tc.key, tc.kind)
		got := int32(-2)
		if ok {
			got = s.group
		}
		if got != tc.group {
			t.Errorf("find(%q, %d) = group %d, want %d", tc.key, tc.kind, got, tc.group)
		}
	}
	if s, _ := tab.find([]byte("son"), kindWord); !s.phrases() {
		t.Error(`"son" lost its phrases bit`)
	}
}
