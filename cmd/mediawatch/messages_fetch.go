package main

// Sentences of the fetch limits (issue 11, point 3): the source table with
// its health warning.
const (
	// msgSourcesHealthHeader heads `sources list`: the source, its
	// health state, items a day over 7 and 28 days, the newest item's
	// age, and its warning (a listing cut by crawler.max_links, refused
	// links).
	msgSourcesHealthHeader msgKey = 3000 + iota
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgSourcesHealthHeader: "NAME\tKIND\tKEEP\tENABLED\tITEMS\tSTATE\t7-DAY/DAY\t28-DAY/DAY\tNEWEST\tLAST SUCCESS\tFAILURES\tNEXT TRY\tLAST ERROR\tWARNING",
		},
		"vi": {
			msgSourcesHealthHeader: "TÊN\tLOẠI\tLƯU\tBẬT\tSỐ TIN\tTÌNH TRẠNG\tTIN/NGÀY 7 NGÀY\tTIN/NGÀY 28 NGÀY\tTIN MỚI NHẤT\tTHÀNH CÔNG GẦN NHẤT\tLỖI LIÊN TIẾP\tLẦN THỬ TỚI\tLỖI GẦN NHẤT\tCẢNH BÁO",
		},
	})
}
