package main

// Sentences of `mediawatch store copy` and of the PostgreSQL store.
const (
	msgCopyNotSQLite msgKey = 25000 + iota
	msgCopyNotPostgres
	msgCopyStart
	msgCopyResumed
	msgCopyBar
	msgCopyProgress
	msgCopyTable
	msgCopyDone
	msgCopyNext
	msgCopyInterrupted
	msgCopyTargetUsed
	msgCopyAlreadyDone
	msgBackupOnPostgres
	msgRestoreOnPostgres
	msgStoreInUse
	msgDocStorePostgresFix
)

func init() {
	addMessages(map[string]map[msgKey]string{
		"en": {
			msgCopyNotSQLite:   "the store is already in PostgreSQL (store.url is set): `store copy` moves a SQLite store there",
			msgCopyNotPostgres: "--to %q: want a PostgreSQL URL, like postgres://mediawatch@db.example/mediawatch",
			msgCopyStart:       "copying the store %s into %s",
			msgCopyResumed:     "the target holds part of an earlier copy of this store: resuming where it stopped",
			msgCopyBar:         "copying rows",
			msgCopyProgress:    "copied %d of %d rows",
			msgCopyTable:       "  %-20s %9d rows  sha256 %s",
			msgCopyDone:        "Copied %d rows in %s; both stores agree, table by table, in row counts and checksums:",
			msgCopyNext: "Next: stop serve, set store.url (or MEDIAWATCH_STORE_URL) to this PostgreSQL URL and start it again. " +
				"The search index in the data directory belongs to the copy too (same store identity), so it is not rebuilt.",
			msgCopyInterrupted: "the copy stopped before the end (%d rows copied this run). Run the same command again: it resumes where it stopped.",
			msgCopyTargetUsed:  "%v. Copy into a new, empty database (createdb --template=template0 --locale=C --encoding=UTF8 NAME).",
			msgCopyAlreadyDone: "%v. Nothing was written.",
			msgBackupOnPostgres: "the store is in PostgreSQL (store.url): back it up with PostgreSQL's own tools (pg_dump, or its " +
				"continuous archiving). `mediawatch backup` archives a SQLite store, the rules and the configuration.",
			msgRestoreOnPostgres: "store.url names a PostgreSQL store: restore it with PostgreSQL's own tools (pg_restore), then run " +
				"`mediawatch reindex` on each node. `mediawatch restore` restores a SQLite store's archive.",
			msgStoreInUse: "another mediawatch process is ingesting into the PostgreSQL store %s (%v). One process at a time " +
				"crawls and imports into a store. Run this command on that node's machine, where it works beside the " +
				"service, or stop that process first. Another serve would join it and crawl its share of the sources.",
			msgDocStorePostgresFix: "check store.url (host, database, user; the password in MEDIAWATCH_STORE_URL), that PostgreSQL " +
				"answers from this machine, and that the database was created with --locale=C.",
		},
		"vi": {
			msgCopyNotSQLite:   "kho dữ liệu đã ở PostgreSQL (store.url đã đặt): `store copy` dùng để chuyển một kho SQLite sang đó",
			msgCopyNotPostgres: "--to %q: cần một URL PostgreSQL, ví dụ postgres://mediawatch@db.example/mediawatch",
			msgCopyStart:       "đang sao chép kho dữ liệu %s sang %s",
			msgCopyResumed:     "đích đã có một phần của lần sao chép trước từ kho này: tiếp tục từ chỗ đã dừng",
			msgCopyBar:         "đang sao chép",
			msgCopyProgress:    "đã sao chép %d / %d dòng",
			msgCopyTable:       "  %-20s %9d dòng  sha256 %s",
			msgCopyDone:        "Đã sao chép %d dòng trong %s; hai kho khớp nhau từng bảng, cả số dòng lẫn tổng kiểm:",
			msgCopyNext: "Tiếp theo: dừng serve, đặt store.url (hoặc MEDIAWATCH_STORE_URL) là URL PostgreSQL này rồi khởi động lại. " +
				"Chỉ mục tìm kiếm trong thư mục dữ liệu cũng thuộc về bản sao (cùng định danh kho), nên không phải lập lại.",
			msgCopyInterrupted: "việc sao chép dừng trước khi xong (lần này đã chép %d dòng). Hãy chạy lại đúng lệnh này: nó sẽ tiếp tục từ chỗ đã dừng.",
			msgCopyTargetUsed:  "%v. Hãy sao chép vào một cơ sở dữ liệu mới, rỗng (createdb --template=template0 --locale=C --encoding=UTF8 TÊN).",
			msgCopyAlreadyDone: "%v. Không ghi gì cả.",
			msgBackupOnPostgres: "kho dữ liệu ở PostgreSQL (store.url): hãy sao lưu bằng công cụ của chính PostgreSQL (pg_dump, hoặc " +
				"lưu trữ liên tục). `mediawatch backup` dùng cho kho SQLite, cùng các luật và cấu hình.",
			msgRestoreOnPostgres: "store.url trỏ tới một kho PostgreSQL: hãy khôi phục bằng công cụ của PostgreSQL (pg_restore), rồi chạy " +
				"`mediawatch reindex` trên từng nút. `mediawatch restore` dùng để khôi phục bản lưu của kho SQLite.",
			msgStoreInUse: "một tiến trình mediawatch khác đang nạp dữ liệu vào kho PostgreSQL %s (%v). Mỗi lúc chỉ một " +
				"tiến trình được thu thập và nhập dữ liệu vào một kho. Hãy chạy lệnh này trên máy của nút đó, nơi lệnh chạy " +
				"được song song với dịch vụ, hoặc dừng tiến trình kia trước. Một serve khác thì sẽ cùng chạy và thu thập phần nguồn của mình.",
			msgDocStorePostgresFix: "kiểm tra store.url (máy chủ, cơ sở dữ liệu, người dùng; mật khẩu đặt trong MEDIAWATCH_STORE_URL), " +
				"PostgreSQL có trả lời từ máy này không, và cơ sở dữ liệu có được tạo với --locale=C không.",
		},
	})
}
