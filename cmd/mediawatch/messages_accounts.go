package main

// The sentences of `mediawatch accounts`.
const (
	msgAccountsHeader msgKey = 18000 + iota
	msgAccountsNone
	msgAccountsYes
	msgAccountsNo
	msgAccountsBadLimit
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgAccountsHeader:   "PLATFORM\tHANDLE\tNAME\tAUDIENCE\tWATCHED\tPOSTS\tFLAGGED\tLAST POST",
			msgAccountsNone:     "No accounts yet: they appear as social sources are crawled, posts are imported, or accounts: names them.",
			msgAccountsYes:      "yes",
			msgAccountsNo:       "no",
			msgAccountsBadLimit: "--limit %d: want 1 to %d",
		},
		"vi": {
			msgAccountsHeader:   "NỀN TẢNG\tTÀI KHOẢN\tTÊN\tSỐ NGƯỜI THEO DÕI\tTHEO DÕI SÁT\tBÀI ĐĂNG\tBỊ GẮN CỜ\tBÀI MỚI NHẤT",
			msgAccountsNone:     "Chưa có tài khoản nào: tài khoản xuất hiện khi thu thập các nguồn mạng xã hội, khi nhập bài đăng, hoặc khi được nêu trong accounts:.",
			msgAccountsYes:      "có",
			msgAccountsNo:       "không",
			msgAccountsBadLimit: "--limit %d: cần từ 1 đến %d",
		},
	})
}
