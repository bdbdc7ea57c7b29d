package query

// Code names one kind of query error; its sentence is in catalogue, in
// English and Vietnamese (TestCatalogueInBothLanguages checks both).
type Code string

// The query errors, and the phrases their sentences are built from.
const (
	codeColumn          Code = "column"
	CodeTooLong         Code = "too_long"
	CodeEmpty           Code = "empty"
	CodeNoPositive      Code = "no_positive_term"
	CodeTooManyTerms    Code = "too_many_terms"
	CodeNoWordInQuotes  Code = "no_word_in_quotes"
	CodeNoWord          Code = "no_word"
	CodeStarInside      Code = "star_inside_word"
	CodePrefixShort     Code = "prefix_too_short"
	CodePrefixOneWord   Code = "prefix_one_word"
	CodeEmptyValue      Code = "empty_value"
	CodeWholeValue      Code = "whole_value"
	CodeTermAfterMinus  Code = "term_after_minus"
	CodeUnclosedQuote   Code = "unclosed_quote"
	CodeUnknownField    Code = "unknown_field"
	CodeUnknownFieldDYM Code = "unknown_field_did_you_mean"
	CodeUnknownValue    Code = "unknown_value"
	CodeUnknownValueDYM Code = "unknown_value_did_you_mean"
	CodeNearDistance    Code = "near_distance"
	CodeFieldValue      Code = "field_value_expected"
	CodeMinusField      Code = "minus_before_field"
	CodeFieldsNest      Code = "fields_do_not_nest"
	CodeFieldsNestIn    Code = "fields_do_not_nest_in"
	CodeNearFilters     Code = "near_of_filters"
	CodeNearBefore      Code = "near_word_before"
	CodeNearAfter       Code = "near_word_after"
	CodeNearChain       Code = "near_chain"
	CodeTooDeep         Code = "too_deep"
	CodeEmptyParens     Code = "empty_parentheses"
	CodeUnclosedParen   Code = "unclosed_parenthesis"
	CodeUnopenedParen   Code = "unopened_parenthesis"
	CodeExpectedTerm    Code = "expected_term"
	CodeTermBefore      Code = "term_before"
	CodeUnexpected      Code = "unexpected"
	CodeExpectedEnd     Code = "expected_found_end"
	CodeExpectedFound   Code = "expected_found"

	wantTermAfter  Code = "want_term_after"
	wantWordAfter  Code = "want_word_after"
	wantFieldValue Code = "want_field_value"
	valueLanguage  Code = "value_language"
	valueSeverity  Code = "value_severity"
	valuePlatform  Code = "value_platform"
)

// catalogue is every sentence of the package: language → code → format.
var catalogue = map[string]map[Code]string{
	"en": {
		codeColumn:          "col %d: %s",
		CodeTooLong:         "query is %d bytes; the limit is %d",
		CodeEmpty:           "empty query",
		CodeNoPositive:      "a query needs at least one positive term (NOT, - and OR with a negation match almost everything)",
		CodeTooManyTerms:    "too many terms: the limit is %d",
		CodeNoWordInQuotes:  "no word in the quotes",
		CodeNoWord:          "no word in %q (operators are AND, OR, NOT, NEAR/n)",
		CodeStarInside:      "* may only end a word",
		CodePrefixShort:     "prefix needs at least 2 letters before *",
		CodePrefixOneWord:   "a prefix is one word directly before *",
		CodeEmptyValue:      "empty %s: value",
		CodeWholeValue:      "%s: takes a whole value, not a prefix",
		CodeTermAfterMinus:  "expected a term right after -",
		CodeUnclosedQuote:   "unclosed quote",
		CodeUnknownField:    "unknown field %q (fields are title, text, author, source, lang, url, platform, rule, severity)",
		CodeUnknownFieldDYM: "unknown field %q; did you mean %s:?",
		CodeUnknownValue:    "unknown %s: value %q (%s)",
		CodeUnknownValueDYM: "unknown %s: value %q; did you mean %s?",
		CodeNearDistance:    "%s needs a distance from 1 to %d: %s/n",
		CodeFieldValue:      "expected a word, phrase or ( right after %s:",
		CodeMinusField:      "put - before the field: -%s:…",
		CodeFieldsNest:      "fields do not nest",
		CodeFieldsNestIn:    "fields do not nest: %s: inside %s:(…)",
		CodeNearFilters:     "%s needs words or phrases, not %s: values",
		CodeNearBefore:      "expected a word or phrase before %s",
		CodeNearAfter:       "expected a word or phrase after %s",
		CodeNearChain:       "%s cannot follow another NEAR; join them with AND",
		CodeTooDeep:         "nested too deep: the limit is %d levels of parentheses, negations and fields",
		CodeEmptyParens:     "empty parentheses",
		CodeUnclosedParen:   `"(" without ")"`,
		CodeUnopenedParen:   `")" without "("`,
		CodeExpectedTerm:    "expected a term",
		CodeTermBefore:      "expected a term before %s",
		CodeUnexpected:      "unexpected %q",
		CodeExpectedEnd:     "expected %s, found the end of the query",
		CodeExpectedFound:   "expected %s, found %q",
		wantTermAfter:       "a term after %s",
		wantWordAfter:       "a word or phrase after %s",
		wantFieldValue:      "a word, phrase or ( right after %s:",
		valueLanguage:       "a language code such as vi, en or other",
		valueSeverity:       "low, medium, high or critical",
		valuePlatform:       "a platform name such as news, youtube, telegram or facebook",
	},
	"vi": {
		codeColumn:          "cột %d: %s",
		CodeTooLong:         "truy vấn dài %d byte; giới hạn là %d",
		CodeEmpty:           "truy vấn trống",
		CodeNoPositive:      "truy vấn cần ít nhất một điều kiện khẳng định (NOT, - và OR với phủ định khớp gần như mọi thứ)",
		CodeTooManyTerms:    "quá nhiều từ khoá: giới hạn là %d",
		CodeNoWordInQuotes:  "không có từ nào trong dấu ngoặc kép",
		CodeNoWord:          "không có từ nào trong %q (toán tử là AND, OR, NOT, NEAR/n)",
		CodeStarInside:      "dấu * chỉ được đứng cuối một từ",
		CodePrefixShort:     "tiền tố cần ít nhất 2 chữ cái trước dấu *",
		CodePrefixOneWord:   "tiền tố là một từ đứng ngay trước dấu *",
		CodeEmptyValue:      "giá trị %s: đang trống",
		CodeWholeValue:      "%s: nhận nguyên một giá trị, không nhận tiền tố",
		CodeTermAfterMinus:  "cần một từ khoá ngay sau dấu -",
		CodeUnclosedQuote:   "dấu ngoặc kép chưa đóng",
		CodeUnknownField:    "không có trường %q (các trường là title, text, author, source, lang, url, platform, rule, severity)",
		CodeUnknownFieldDYM: "không có trường %q; có phải ý bạn là %s:?",
		CodeUnknownValue:    "giá trị %s: %q không hợp lệ (%s)",
		CodeUnknownValueDYM: "giá trị %s: %q không hợp lệ; có phải ý bạn là %s?",
		CodeNearDistance:    "%s cần một khoảng cách từ 1 đến %d: %s/n",
		CodeFieldValue:      "cần một từ, cụm từ hoặc ( ngay sau %s:",
		CodeMinusField:      "hãy đặt dấu - trước trường: -%s:…",
		CodeFieldsNest:      "không được lồng trường vào nhau",
		CodeFieldsNestIn:    "không được lồng trường: %s: nằm trong %s:(…)",
		CodeNearFilters:     "%s cần từ hoặc cụm từ, không nhận giá trị %s:",
		CodeNearBefore:      "cần một từ hoặc cụm từ trước %s",
		CodeNearAfter:       "cần một từ hoặc cụm từ sau %s",
		CodeNearChain:       "%s không được đi sau một NEAR khác; hãy nối chúng bằng AND",
		CodeTooDeep:         "lồng quá sâu: giới hạn là %d cấp ngoặc, phủ định và trường",
		CodeEmptyParens:     "cặp ngoặc trống",
		CodeUnclosedParen:   `có "(" mà thiếu ")"`,
		CodeUnopenedParen:   `có ")" mà thiếu "("`,
		CodeExpectedTerm:    "cần một từ khoá",
		CodeTermBefore:      "cần một từ khoá trước %s",
		CodeUnexpected:      "không hiểu %q ở đây",
		CodeExpectedEnd:     "cần %s, nhưng truy vấn đã hết",
		CodeExpectedFound:   "cần %s, nhưng gặp %q",
		wantTermAfter:       "một từ khoá sau %s",
		wantWordAfter:       "một từ hoặc cụm từ sau %s",
		wantFieldValue:      "một từ, cụm từ hoặc ( ngay sau %s:",
		valueLanguage:       "một mã ngôn ngữ như vi, en hoặc other",
		valueSeverity:       "low, medium, high hoặc critical",
		valuePlatform:       "tên một nền tảng như news, youtube, telegram hoặc facebook",
	},
}
