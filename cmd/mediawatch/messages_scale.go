package main

// The sentences of a long job's progress bar (jobbar.go).
const (
	msgJobReindex msgKey = 23000 + iota
	msgJobRulesApply
	msgJobRegroup
	msgJobImport
	msgJobLeft
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgJobReindex:    "reindexing",
			msgJobRulesApply: "applying rules",
			msgJobRegroup:    "regrouping stories",
			msgJobImport:     "importing",
			msgJobLeft:       "%s, about %s left",
		},
		"vi": {
			msgJobReindex:    "đang lập lại chỉ mục",
			msgJobRulesApply: "đang áp dụng quy tắc",
			msgJobRegroup:    "đang gom lại nhóm tin",
			msgJobImport:     "đang nhập",
			msgJobLeft:       "%s, còn khoảng %s",
		},
	})
}
