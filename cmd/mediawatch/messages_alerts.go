package main

// The sentences of `mediawatch alerts`.
const (
	msgAlertsHeader msgKey = 21000 + iota
	msgAlertsNone
	msgAlertsBadSince
	msgAlertsBadKind
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgAlertsHeader:   "WHEN\tKIND\tWHAT\tPAGE",
			msgAlertsNone:     "No alerts in the period asked for (--since %s).",
			msgAlertsBadSince: "--since %q: want a period like 24h or 7d, or a date like 2026-03-01",
			msgAlertsBadKind:  "--kind %q: want flag, spike, source.silent, source.failing or source.recovered",
		},
		"vi": {
			msgAlertsHeader:   "LÚC\tLOẠI\tNỘI DUNG\tTRANG",
			msgAlertsNone:     "Không có cảnh báo nào trong khoảng thời gian đã chọn (--since %s).",
			msgAlertsBadSince: "--since %q: cần một khoảng thời gian như 24h hoặc 7d, hoặc một ngày như 2026-03-01",
			msgAlertsBadKind:  "--kind %q: cần flag, spike, source.silent, source.failing hoặc source.recovered",
		},
	})
}
