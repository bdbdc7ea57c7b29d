// Package textnorm is the one definition of a "word" in mediawatch: Unicode
// NFC, Vietnamese tone-mark placement, case and accent folding, tokens with
// offsets, the accent-smart term match used by the watch filter (and later by
// the index and the rules), and a small language detector.
//
// It is pure computation: no I/O, no logging. It imports only the root
// package, the standard library and golang.org/x/text.
//
// # Forms of a text
//
// Normalize gives NFC with one tone-mark placement; Lower adds lower case
// (the exact form); Fold also removes every diacritic and maps đ to d (the
// folded form). Everything else is defined on these, so that the watch
// filter, the index analyzer and the rule matcher agree on every document.
//
// # Tone-mark placement
//
// Vietnamese writes the tone of the syllables oa, oe and uy two ways: on the
// first vowel (hòa, khỏe, thủy: the classic style) or on the second (hoà,
// khoẻ, thuỷ: the "new" style). Normalize makes them one spelling by choosing
// the classic style, because it is what Vietnamese news mostly prints
// (about 97% of such words in the shared corpus), so normalised text —
// which is what highlights are cut from — usually is the text as published.
// The rule, applied to syllables that start at a word boundary with a
// Vietnamese initial consonant (or none):
//
//   - a syllable ending in oa, oe or uy (not after q) carries its tone on
//     the o or u: hoà → hòa, khoẻ → khỏe, thuỷ → thủy, uỷ → ủy;
//   - in any other syllable a tone written on such a glide (the o of
//     oa/oă/oe, the u of uy/uê/uâ/uô/uơ, or the u after q) belongs to the
//     next vowel, and to the ê of uyê: hòang → hoàng, qúy → quý,
//     qúa → quá, thùyên → thuyền.
//
// Spellings that are not ambiguous (hoàng, toán, quý, thuyền, của) are left
// as they are, and so are words that do not start with a Vietnamese initial
// (Chloé). Letters are not changed: quý and quí stay two spellings.
//
// # Words
//
// A word is a maximal run of letters, decimal digits and combining marks
// that begins with a letter or digit. Spaces, punctuation, symbols, hyphens
// and apostrophes separate words: "Sơn-La" is Sơn, La and "don't" is don, t.
//
// # Accent-smart terms
//
// A term (a word or a phrase) written with any diacritic matches only that
// spelling of every word, ignoring case: "Sơn La" does not match "Lạng Sơn
// là". A term written without any matches every accent variant: "son la"
// matches "Sơn La", "SƠN LA" and also "Sơn là" — which is why the watch list
// limits the unaccented "Son La" to English text.
package textnorm
