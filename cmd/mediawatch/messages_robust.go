package main

// Sentences of the data-directory checks: a store or an index that cannot
// be used as it is, and report dates outside what a report covers.
const (
	msgStoreEmpty msgKey = 2000 + iota
	msgIndexOtherStore
	msgReportDateBad
	msgReportDateRange
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgStoreEmpty: "the store file %s is empty (0 bytes). It should hold mediawatch's data, so mediawatch will not start " +
				"on it as a new, empty store. Restore mediawatch.db from a backup; or, to start again with no data on purpose, " +
				"delete the file and run `mediawatch reindex`.",
			msgIndexOtherStore: "the search index in %s was built from another store than %s (%v). Restore the mediawatch.db " +
				"this index belongs to from a backup; or, if this store is the right one, run `mediawatch reindex` to rebuild " +
				"the index from it.",
			msgReportDateBad:   "--date %q: want a calendar day as YYYY-MM-DD, for example 2026-03-14",
			msgReportDateRange: "--date %s: a report covers a day from %s to %s",
		},
		"vi": {
			msgStoreEmpty: "tệp kho dữ liệu %s trống (0 byte). Tệp này phải chứa dữ liệu của mediawatch, nên mediawatch không " +
				"khởi động với nó như một kho mới, rỗng. Hãy khôi phục mediawatch.db từ bản sao lưu; hoặc, nếu chủ ý bắt đầu " +
				"lại không có dữ liệu, hãy xoá tệp này rồi chạy `mediawatch reindex`.",
			msgIndexOtherStore: "chỉ mục tìm kiếm trong %s được lập từ một kho dữ liệu khác với %s (%v). Hãy khôi phục tệp " +
				"mediawatch.db ứng với chỉ mục này từ bản sao lưu; hoặc, nếu kho hiện tại là đúng, hãy chạy " +
				"`mediawatch reindex` để lập lại chỉ mục từ kho này.",
			msgReportDateBad:   "--date %q: cần một ngày theo dạng YYYY-MM-DD, ví dụ 2026-03-14",
			msgReportDateRange: "--date %s: báo cáo chỉ lập cho một ngày từ %s đến %s",
		},
	})
}
