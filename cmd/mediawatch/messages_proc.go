package main

// The sentences of commands beside the running service (doc.go).
const (
	msgIndexBusy msgKey = 1000 + iota
	msgFirstKey
	msgThroughService
	msgServiceJobBusy
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgIndexBusy:      "the search index in %s is in use by PID %d (mediawatch %s, since %s); wait for it to finish or stop it",
			msgFirstKey:       "No API key exists yet. Create the first admin key with:\n  %s",
			msgThroughService: "The mediawatch service (PID %d) holds %s: the work runs inside it.",
			msgServiceJobBusy: "the mediawatch service is already running another job (reindex, rules apply, import…); wait for it to finish",
		},
		"vi": {
			msgIndexBusy:      "chỉ mục tìm kiếm trong %s đang được tiến trình PID %d (mediawatch %s, từ %s) sử dụng; hãy chờ tiến trình đó xong hoặc dừng nó",
			msgFirstKey:       "Chưa có khóa API nào. Tạo khóa quản trị đầu tiên bằng lệnh:\n  %s",
			msgThroughService: "Dịch vụ mediawatch (PID %d) đang giữ %s: công việc được chạy bên trong dịch vụ đó.",
			msgServiceJobBusy: "dịch vụ mediawatch đang chạy một việc khác (reindex, rules apply, import…); hãy chờ việc đó xong",
		},
	})
}
