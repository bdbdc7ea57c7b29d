package main

import (
	"errors"
	"strings"

	"mediawatch/config"
)

// The command line's own sentences — help framing, kong's parse errors,
// the errors a user acts on, keys rotate — and the demo's summaries.
const (
	msgHelpUsage msgKey = 7000 + iota
	msgHelpRunCommand
	msgHelpRun
	msgHelpFlags
	msgHelpCommands
	msgHelpArguments
	msgHelpCommandWord
	msgHelpFlagsWord
	msgErrorWord
	msgKongUnexpectedArg
	msgKongUnknownFlag
	msgKongExpectedOneOf
	msgKongExpected
	msgKongMissingFlags
	msgKongMissingArgs
	msgKongEnum
	msgKongFlagArgument
	msgKongTogether
	msgKongNumber
	msgKongDuration
	msgKongDidYouMean
	msgKongDidYouMeanOneOf
	msgInterrupted
	msgErrOther
	msgErrConfig
	msgErrNoSources
	msgErrNoSuchSource
	msgErrRulesRefused
	msgKeyBadName
	msgKeyNameInUse
	msgKeyUnknown
	msgKeyAlreadyRevoked
	msgKeyRotated
	msgDemoRuleFlags
	msgDemoRulesQuiet
	msgDemoNoFlags
	msgDemoLeftAlone
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgHelpUsage:           "Usage: %s",
			msgHelpRunCommand:      `Run "%s <command> --help" for more information on a command.`,
			msgHelpRun:             `Run "%s --help" for more information.`,
			msgHelpFlags:           "Flags:",
			msgHelpCommands:        "Commands:",
			msgHelpArguments:       "Arguments:",
			msgHelpCommandWord:     "<command>",
			msgHelpFlagsWord:       "[flags]",
			msgErrorWord:           "error",
			msgKongUnexpectedArg:   "unexpected argument %s",
			msgKongUnknownFlag:     "unknown flag %s",
			msgKongExpectedOneOf:   "expected one of %s",
			msgKongExpected:        "expected %s",
			msgKongMissingFlags:    "missing flags: %s",
			msgKongMissingArgs:     "missing positional arguments %s",
			msgKongEnum:            "%s must be one of %s but got %s",
			msgKongFlagArgument:    "unexpected flag argument %s",
			msgKongTogether:        "%s and %s can't be used together",
			msgKongNumber:          "%s: expected a number but got %s",
			msgKongDuration:        "%s: expected a duration (like 90s, 5m, 2h) but got %s",
			msgKongDidYouMean:      ", did you mean %s?",
			msgKongDidYouMeanOneOf: ", did you mean one of %s?",
			msgInterrupted:         "interrupted",
			msgErrOther:            "%v",
			msgErrConfig:           "the configuration has problems:",
			msgErrNoSources:        "no sources configured: copy sources.example.yaml to sources.yaml (or try `mediawatch demo`)",
			msgErrNoSuchSource:     "no source named %q in the configuration",
			msgErrRulesRefused:     "rules in %s refused (check them with `mediawatch rules check`):",
			msgKeyBadName:          "%q is not a key name: use 1-64 letters (of any alphabet), digits, '-', '_' or '.', starting with a letter or digit",
			msgKeyNameInUse:        "a key called %q is in use: revoke it first, or give it a new secret with `mediawatch keys rotate %s`",
			msgKeyUnknown:          "no key is called %q (`mediawatch keys list` shows them all)",
			msgKeyAlreadyRevoked:   "the key %q is revoked already; nothing was changed",
			msgKeyRotated:          "Rotated key %q (%s): the old key is refused from now on. The new key is shown only now; keep it safe:",
			msgDemoRuleFlags:       "%s (%s, %s): %d",
			msgDemoRulesQuiet:      "Rules that flagged nothing here: %s",
			msgDemoNoFlags:         "No rule flagged anything.",
			msgDemoLeftAlone:       "Left alone — its words match, but an exclusion applies (a denial, a fact-check, a drill…): %d",
		},
		"vi": {
			msgHelpUsage:           "Cách dùng: %s",
			msgHelpRunCommand:      `Chạy "%s <lệnh> --help" để xem hướng dẫn của từng lệnh.`,
			msgHelpRun:             `Chạy "%s --help" để xem hướng dẫn đầy đủ.`,
			msgHelpFlags:           "Tùy chọn:",
			msgHelpCommands:        "Lệnh:",
			msgHelpArguments:       "Đối số:",
			msgHelpCommandWord:     "<lệnh>",
			msgHelpFlagsWord:       "[tùy chọn]",
			msgErrorWord:           "lỗi",
			msgKongUnexpectedArg:   "không hiểu đối số %s",
			msgKongUnknownFlag:     "không có tùy chọn %s",
			msgKongExpectedOneOf:   "thiếu một trong %s",
			msgKongExpected:        "thiếu %s",
			msgKongMissingFlags:    "thiếu tùy chọn bắt buộc: %s",
			msgKongMissingArgs:     "thiếu đối số %s",
			msgKongEnum:            "%s phải là một trong %s, không phải %s",
			msgKongFlagArgument:    "tùy chọn không nhận giá trị %s",
			msgKongTogether:        "không thể dùng %s cùng với %s",
			msgKongNumber:          "%s: cần một số, không phải %s",
			msgKongDuration:        "%s: cần một khoảng thời gian (như 90s, 5m, 2h), không phải %s",
			msgKongDidYouMean:      "; có phải ý bạn là %s?",
			msgKongDidYouMeanOneOf: "; có phải ý bạn là một trong %s?",
			msgInterrupted:         "đã bị ngắt giữa chừng",
			msgErrOther:            "lỗi: %v",
			msgErrConfig:           "cấu hình có lỗi:",
			msgErrNoSources:        "chưa cấu hình nguồn tin nào: hãy chép sources.example.yaml thành sources.yaml (hoặc thử `mediawatch demo`)",
			msgErrNoSuchSource:     "cấu hình không có nguồn tin nào tên %q",
			msgErrRulesRefused:     "bộ quy tắc trong %s bị từ chối (kiểm tra bằng `mediawatch rules check`):",
			msgKeyBadName:          "%q không dùng được làm tên khóa: tên gồm 1-64 chữ cái (chữ của bất kỳ ngôn ngữ nào), chữ số, '-', '_' hoặc '.', bắt đầu bằng chữ cái hoặc chữ số",
			msgKeyNameInUse:        "đã có khóa tên %q đang dùng: hãy thu hồi nó trước, hoặc cấp mã bí mật mới bằng `mediawatch keys rotate %s`",
			msgKeyUnknown:          "không có khóa nào tên %q (`mediawatch keys list` liệt kê tất cả)",
			msgKeyAlreadyRevoked:   "khóa %q đã bị thu hồi từ trước; không có gì thay đổi",
			msgKeyRotated:          "Đã đổi khóa %q (%s): khóa cũ bị từ chối từ bây giờ. Khóa mới chỉ hiện một lần này; hãy cất giữ cẩn thận:",
			msgDemoRuleFlags:       "%s (%s, mức %s): %d",
			msgDemoRulesQuiet:      "Các quy tắc không gắn cờ tin nào ở đây: %s",
			msgDemoNoFlags:         "Không quy tắc nào gắn cờ tin nào.",
			msgDemoLeftAlone:       "Không gắn cờ — có từ khóa nhưng thuộc phần loại trừ (bài bác bỏ, kiểm chứng, diễn tập…): %d",
		},
	})
}

// userError is an error a person acts on: its sentence comes from the
// catalogue, so that main prints it in the interface language. cause is
// what errors.Is sees (a sentinel, never printed); detail, when set, is
// printed after the sentence (a rule set's problems, one per line).
type userError struct {
	key    msgKey
	args   []any
	cause  error
	detail error
}

// Error is the English sentence, for logs and for errors.Is users.
func (e *userError) Error() string { return e.in(textsFor("en")) }

// Unwrap lets errors.Is see the cause and the detail.
func (e *userError) Unwrap() []error {
	var out []error
	for _, err := range []error{e.cause, e.detail} {
		if err != nil {
			out = append(out, err)
		}
	}
	return out
}

// in writes the error in t's language.
func (e *userError) in(t texts) string {
	s := t.f(e.key, e.args...)
	if e.detail != nil {
		s += "\n" + e.detail.Error()
	}
	return s
}

// describeError writes what main prints after "mediawatch: " for a
// command's error, in t's language: a userError's sentence; a refused
// configuration under a heading, one problem per line (config's own
// wording); anything else as it is, marked as an error in Vietnamese.
func describeError(err error, t texts) string {
	var ue *userError
	if errors.As(err, &ue) {
		return ue.in(t)
	}
	var fe *config.FieldError
	if errors.As(err, &fe) || strings.HasPrefix(err.Error(), "config: ") {
		var b strings.Builder
		b.WriteString(t.f(msgErrConfig))
		for _, line := range strings.Split(err.Error(), "\n") {
			b.WriteString("\n  " + strings.TrimPrefix(line, "config: "))
		}
		return b.String()
	}
	return t.f(msgErrOther, err)
}
