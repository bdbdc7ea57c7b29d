package api

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/danielgtaylor/huma/v2/validation"
)

// humaVI translates huma's own validation messages (package validation),
// which huma writes in English, into Vietnamese: English format → the
// Vietnamese one, with the same verbs in the same order.
var humaVI = map[*string]string{
	&validation.MsgUnexpectedProperty:                 "thuộc tính không được phép",
	&validation.MsgExpectedRFC3339DateTime:            "cần một thời điểm RFC 3339",
	&validation.MsgExpectedRFC1123DateTime:            "cần một thời điểm RFC 1123",
	&validation.MsgExpectedRFC3339Date:                "cần một ngày RFC 3339",
	&validation.MsgExpectedRFC3339Time:                "cần một giờ RFC 3339",
	&validation.MsgExpectedRFC5322Email:               "cần một địa chỉ e-mail RFC 5322: %v",
	&validation.MsgExpectedRFC5890Hostname:            "cần một tên máy RFC 5890",
	&validation.MsgExpectedRFC2673IPv4:                "cần một địa chỉ IPv4",
	&validation.MsgExpectedRFC2373IPv6:                "cần một địa chỉ IPv6",
	&validation.MsgExpectedRFCIPAddr:                  "cần một địa chỉ IPv4 hoặc IPv6",
	&validation.MsgExpectedRFC3986URI:                 "cần một URI RFC 3986: %v",
	&validation.MsgExpectedRFC4122UUID:                "cần một UUID RFC 4122: %v",
	&validation.MsgExpectedRFC6570URITemplate:         "cần một mẫu URI RFC 6570",
	&validation.MsgExpectedRFC6901JSONPointer:         "cần một JSON pointer RFC 6901",
	&validation.MsgExpectedRFC6901RelativeJSONPointer: "cần một JSON pointer tương đối RFC 6901",
	&validation.MsgExpectedRegexp:                     "cần một biểu thức chính quy: %v",
	&validation.MsgExpectedMatchAtLeastOneSchema:      "giá trị không khớp với dạng nào được phép",
	&validation.MsgExpectedMatchExactlyOneSchema:      "giá trị phải khớp đúng một dạng được phép",
	&validation.MsgExpectedNotMatchSchema:             "giá trị không được khớp với dạng này",
	&validation.MsgExpectedPropertyNameInObject:       "thiếu tên thuộc tính trong đối tượng",
	&validation.MsgExpectedBoolean:                    "cần true hoặc false",
	&validation.MsgExpectedDuration:                   "cần một khoảng thời gian: %v",
	&validation.MsgExpectedNumber:                     "cần một số",
	&validation.MsgExpectedInteger:                    "cần một số nguyên",
	&validation.MsgExpectedString:                     "cần một chuỗi",
	&validation.MsgExpectedBase64String:               "cần một chuỗi base64",
	&validation.MsgExpectedArray:                      "cần một mảng",
	&validation.MsgExpectedObject:                     "cần một đối tượng",
	&validation.MsgExpectedArrayItemsUnique:           "các phần tử của mảng phải khác nhau",
	&validation.MsgExpectedOneOf:                      "giá trị phải là một trong \"%s\"",
	&validation.MsgExpectedMinimumNumber:              "cần một số >= %v",
	&validation.MsgExpectedExclusiveMinimumNumber:     "cần một số > %v",
	&validation.MsgExpectedMaximumNumber:              "cần một số <= %v",
	&validation.MsgExpectedExclusiveMaximumNumber:     "cần một số < %v",
	&validation.MsgExpectedNumberBeMultipleOf:         "cần một bội số của %v",
	&validation.MsgExpectedMinLength:                  "độ dài phải >= %d",
	&validation.MsgExpectedMaxLength:                  "độ dài phải <= %d",
	&validation.MsgExpectedBePattern:                  "chuỗi phải là %s",
	&validation.MsgExpectedMatchPattern:               "chuỗi phải khớp mẫu %s",
	&validation.MsgExpectedMinItems:                   "mảng phải có >= %d phần tử",
	&validation.MsgExpectedMaxItems:                   "mảng phải có <= %d phần tử",
	&validation.MsgExpectedMinProperties:              "đối tượng phải có ít nhất %d thuộc tính",
	&validation.MsgExpectedMaxProperties:              "đối tượng chỉ được có nhiều nhất %d thuộc tính",
	&validation.MsgExpectedRequiredProperty:           "thiếu thuộc tính bắt buộc %s",
	&validation.MsgExpectedDependentRequiredProperty:  "cần thuộc tính %s khi có %s",
}

// humaPattern is one English format as a pattern that captures its verbs.
type humaPattern struct {
	re *regexp.Regexp
	vi string
}

// humaPatterns are humaVI's formats as patterns, built once at start.
var humaPatterns = compileHuma()

var verb = regexp.MustCompile(`%[vds]`)

// compileHuma turns each English format into an anchored pattern, longest
// first so that a more specific format wins over a shorter one it extends.
func compileHuma() []humaPattern {
	var humaPatterns []humaPattern
	for en, vi := range humaVI {
		parts := verb.Split(*en, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		humaPatterns = append(humaPatterns, humaPattern{re: regexp.MustCompile("^" + strings.Join(parts, "(.*)") + "$"), vi: vi})
	}
	for i := 1; i < len(humaPatterns); i++ { // insertion sort by pattern length, longest first
		for j := i; j > 0 && len(humaPatterns[j].re.String()) > len(humaPatterns[j-1].re.String()); j-- {
			humaPatterns[j], humaPatterns[j-1] = humaPatterns[j-1], humaPatterns[j]
		}
	}
	return humaPatterns
}

// humaMessage is one of huma's validation messages in lang. A message
// huma added after this table was written stays in English.
func humaMessage(lang, msg string) string {
	if lang != "vi" {
		return msg
	}
	for _, p := range humaPatterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, a := range m[1:] {
			args[i] = a
		}
		return fmt.Sprintf(strings.NewReplacer("%v", "%s", "%d", "%s").Replace(p.vi), args...)
	}
	return msg
}
