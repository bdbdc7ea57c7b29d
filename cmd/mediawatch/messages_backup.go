package main

// The sentences of backup, restore and prune.
const (
	msgBackupCopying msgKey = 4000 + iota
	msgBackupArchiving
	msgBackupDone
	msgRestoreNotEmpty
	msgRestoreChecking
	msgRestoreIndexing
	msgRestoreDone
	msgRestoreConfig
	msgRestoreNoConfig
	msgPruneOff
	msgPrunePlan
	msgPruneRange
	msgPruneSources
	msgPruneNothing
	msgPruneDone
	msgPruneDryRun
	msgPruneBadAge
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgBackupCopying:   "Copying the store %s (the service may keep running)…",
			msgBackupArchiving: "archiving",
			msgBackupDone:      "Backup written to %s: %d items, %d flags, %d stories, %d rule files, %d configuration files; %s in %s.",
			msgRestoreNotEmpty: "%s is not empty (%v): restore only into an empty or new data directory, so that nothing in use is overwritten",
			msgRestoreChecking: "Checking and unpacking %s (made %s)…",
			msgRestoreIndexing: "Rebuilding the search index from the store…",
			msgRestoreDone:     "Restored %s into %s: %d items, %d flags, %d stories as of %s; search index rebuilt (%d items) in %s.",
			msgRestoreConfig:   "The backup's rules and configuration are in %s and are not in use: compare them with yours and copy what you need (data_dir: %s; rules.dir: where you put rules/).",
			msgRestoreNoConfig: "The backup holds no rules and no configuration file.",
			msgPruneOff:        "No retention period: set retention.items in the configuration (like 730d) or give --older-than.",
			msgPrunePlan:       "Items first seen before %s (older than %s): %d to delete, with %d flags and %d stories left empty; %d older items are kept (open, in review, flagged, answered or edited since then).",
			msgPruneRange:      "Oldest %s, newest %s.",
			msgPruneSources:    "SOURCE\tITEMS",
			msgPruneNothing:    "Nothing to delete.",
			msgPruneDone:       "Deleted %d items, %d flags and %d stories from the store and the search index in %s.",
			msgPruneDryRun:     "Dry run: nothing was deleted. Run without --dry-run to delete.",
			msgPruneBadAge:     "--older-than %q: want a period of at least one day, like 730d or 365d",
		},
		"vi": {
			msgBackupCopying:   "Đang sao chép kho dữ liệu %s (dịch vụ vẫn có thể chạy)…",
			msgBackupArchiving: "đang đóng gói",
			msgBackupDone:      "Đã ghi bản sao lưu vào %s: %d tin, %d cờ, %d câu chuyện, %d tệp quy tắc, %d tệp cấu hình; %s trong %s.",
			msgRestoreNotEmpty: "%s không trống (%v): chỉ khôi phục vào thư mục dữ liệu trống hoặc chưa có, để không ghi đè dữ liệu đang dùng",
			msgRestoreChecking: "Đang kiểm tra và giải nén %s (tạo lúc %s)…",
			msgRestoreIndexing: "Đang dựng lại chỉ mục tìm kiếm từ kho dữ liệu…",
			msgRestoreDone:     "Đã khôi phục %s vào %s: %d tin, %d cờ, %d câu chuyện tính đến %s; đã dựng lại chỉ mục tìm kiếm (%d tin) trong %s.",
			msgRestoreConfig:   "Quy tắc và cấu hình trong bản sao lưu được đặt tại %s và chưa được dùng: hãy so với tệp đang dùng rồi chép phần cần thiết (data_dir: %s; rules.dir: nơi bạn đặt thư mục rules/).",
			msgRestoreNoConfig: "Bản sao lưu không có quy tắc và tệp cấu hình nào.",
			msgPruneOff:        "Chưa đặt thời hạn lưu giữ: hãy đặt retention.items trong cấu hình (ví dụ 730d) hoặc dùng --older-than.",
			msgPrunePlan:       "Tin thu thập lần đầu trước %s (cũ hơn %s): %d tin sẽ bị xóa, cùng %d cờ và %d câu chuyện không còn tin nào; %d tin cũ được giữ lại (đang mở, đang xem xét, bị gắn cờ, đã xử lý hoặc được sửa từ thời điểm đó).",
			msgPruneRange:      "Cũ nhất %s, mới nhất %s.",
			msgPruneSources:    "NGUỒN\tSỐ TIN",
			msgPruneNothing:    "Không có gì để xóa.",
			msgPruneDone:       "Đã xóa %d tin, %d cờ và %d câu chuyện khỏi kho dữ liệu và chỉ mục tìm kiếm trong %s.",
			msgPruneDryRun:     "Chạy thử: chưa xóa gì. Chạy lại không có --dry-run để xóa.",
			msgPruneBadAge:     "--older-than %q: cần một khoảng thời gian ít nhất một ngày, ví dụ 730d hoặc 365d",
		},
	})
}
