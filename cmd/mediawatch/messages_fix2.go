package main

// The sentences of a job whose service died under it, and of a prune that
// stopped before its end.
const (
	msgServiceLost msgKey = 9000 + iota
	msgPruneStopped
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgServiceLost: "the mediawatch service (PID %d) stopped before the job finished (%v); what it had finished is kept: " +
				"start the service again and run the command again to do the rest",
			msgPruneStopped: "The prune stopped before its end. Items already deleted are gone from the store and the search index alike; " +
				"run prune again to delete the rest.",
		},
		"vi": {
			msgServiceLost: "dịch vụ mediawatch (PID %d) đã dừng trước khi công việc xong (%v); phần đã làm xong vẫn được giữ: " +
				"hãy khởi động lại dịch vụ rồi chạy lại lệnh để làm nốt phần còn lại",
			msgPruneStopped: "Việc dọn dữ liệu đã dừng giữa chừng. Các tin đã xóa thì đã mất khỏi cả kho dữ liệu lẫn chỉ mục tìm kiếm; " +
				"hãy chạy lại prune để xóa nốt phần còn lại.",
		},
	})
}
