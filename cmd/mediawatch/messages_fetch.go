package main

// Sentences of the fetch limits (issue 11, point 3): the source table with
// its health warning.
const (
	// msgSourcesHealthHeader heads `sources list`: the source, its
	// health and its warning (a listing cut by crawler.max_links, a feed
	// with no items, refused links).
	msgSourcesHealthHeader msgKey = 3000 + iota
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgSourcesHealthHeader: "NAME\tKIND\tKEEP\tENABLED\tITEMS\tLAST SUCCESS\tFAILURES\tNEXT TRY\tLAST ERROR\tWARNING",
		},
		"vi": {
			msgSourcesHealthHeader: "TÊN\tLOẠI\tLƯU\tBẬT\tSỐ TIN\tTHÀNH CÔNG GẦN NHẤT\tLỖI LIÊN TIẾP\tLẦN THỬ TỚI\tLỖI GẦN NHẤT\tCẢNH BÁO",
		},
	})
}
