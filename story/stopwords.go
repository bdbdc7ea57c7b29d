package story

import "strings"

// StopWords lists, in folded form, the words Fingerprint leaves out: the
// fifty most frequent words of the Vietnamese news in the project's shared
// sample corpus (Vietnamese syllables, so "người", "năm" and "tỉnh" are
// among them) and the common function words of English. It is part of the
// definition of a stored fingerprint and must not change.
const StopWords = "" +
	// Vietnamese: the 50 most frequent folded words of corpus-vi-sample.
	"co va cua trong la cac do da cho dong voi duoc tu khong nam de nguoi nhung mot tai " +
	"cong the cung ban doi nay quan anh dau khi nhan so ve gia bo thu an dung toi thi " +
	"o tinh chi su van con noi thanh den dinh " +
	// English function words.
	"the to of and in a an said s for it is on that be will was he she with by at from " +
	"as has have had but its are not would this which i they we were been his her " +
	"their or also up more one than who"

// stopWords is StopWords as a set.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(StopWords) {
		m[w] = true
	}
	return m
}()
