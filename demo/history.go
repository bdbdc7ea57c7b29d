package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"mediawatch"
)

// HistoryItem is one article of the month before the site started, as if
// the office had run mediawatch all that month: the demo stores each with
// the ingest clock at Seen, so that the health check finds 28 days of daily
// item counts per outlet (and the silent outlet's stop) and the spike check
// a 14-day baseline per rule — none of these is flagged.
type HistoryItem struct {
	Source  string             `json:"source"`
	Seen    time.Time          `json:"seen"` // when that month's crawl found it: a few minutes after publication
	Article mediawatch.Article `json:"article"`
}

// historyDays is how far back the history of a publishing outlet goes: a
// full baseline of 28 days, starting the day after the oldest current
// article (four days back), so that history and the current edition do not
// overlap.
const (
	historyFirstDay = 4
	historyDays     = 28
	// silentFor is how many days the silent outlet has published nothing
	// when the site starts: more than the health check's recent window
	// of 7 days.
	silentFor = 9
)

// perDay is each outlet's items per day, cycled over the days: regular
// enough that no outlet but the silent one looks quiet.
var perDay = map[string][]int{
	"taybac":     {3, 2, 4, 3, 2, 3, 4},
	"tintuc":     {2, 1, 2, 2, 1, 3, 2},
	"herald":     {1, 1, 2, 1, 0, 1, 2},
	"nongnghiep": {1, 2, 1, 1, 2, 1, 2},
	"mocchau":    {2, 3, 2, 2, 3, 1, 2},
}

// History returns the month before Start of every outlet, oldest first:
// the four publishing outlets' days 4 to 31 before the start, and the
// silent outlet's 28 days before it stopped, 9 days before the start. The
// articles are short (a title and two sentences: below story grouping's
// word minimum, with titles of their own, so no two are one story) and
// name Sơn La, so that the watch list keeps them; none matches a starter
// rule. The silent outlet's feed still lists its last ten, which the
// crawl then finds already stored.
func (s *Site) History() []HistoryItem {
	var out []HistoryItem
	for _, a := range s.history {
		out = append(out, HistoryItem{Source: a.Outlet.Slug, Seen: a.Published.Add(7 * time.Minute), Article: mediawatch.Article{
			Source: a.Outlet.Slug, URL: a.URL(), CanonicalURL: a.URL(), Title: a.Title, Text: strings.Join(a.Paras, "\n\n"),
			Summary: a.Summary, Author: a.Author, Published: a.Published, Lang: a.Lang, Image: a.Outlet.Base + a.Image,
			FetchedAt: a.Published.Add(7 * time.Minute),
		}})
	}
	slices.SortStableFunc(out, func(a, b HistoryItem) int { return a.Seen.Compare(b.Seen) })
	return out
}

// makeHistory generates the outlets' month of history from start.
func makeHistory(outlets []*outlet, start time.Time) []*article {
	var out []*article
	seq := 0
	day0 := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, ict)
	for _, o := range outlets {
		first, last := historyFirstDay, historyFirstDay+historyDays-1
		if o.Silent {
			first, last = silentFor, silentFor+historyDays-1
		}
		counts := perDay[o.Key]
		for d := last; d >= first; d-- {
			n := counts[d%len(counts)]
			for j := range n {
				seq++
				pub := day0.AddDate(0, 0, -d).Add(time.Duration(7+4*j)*time.Hour + time.Duration((d*13+j*29)%50)*time.Minute)
				out = append(out, historyArticle(o, seq, pub))
			}
		}
	}
	return out
}

// historyArticle writes the seq-th history article: a topic, a district
// and a number of its own make every title different.
func historyArticle(o *outlet, seq int, pub time.Time) *article {
	lang := o.Lang
	district := districts[(seq/7)%len(districts)]
	num := 20 + seq*3
	var title, body, section, slug string
	if lang == "en" {
		t := enTopics[seq%len(enTopics)]
		title, body, section = fmt.Sprintf(t.title, districtsEN[(seq/7)%len(districtsEN)], num), fmt.Sprintf(t.body, districtsEN[(seq/7)%len(districtsEN)]), t.section
	} else {
		t := viTopics[seq%len(viTopics)]
		title, body, section = fmt.Sprintf(t.title, district, num), fmt.Sprintf(t.body, district), t.section
	}
	slug = fmt.Sprintf("/luu-tru/%s/tin-%04d.html", pub.Format("2006/01/02"), seq)
	if lang == "en" {
		slug = fmt.Sprintf("/archive/%s/story-%04d.html", pub.Format("2006/01/02"), seq)
	}
	a := &article{Outlet: o, Path: slug, Title: title, Author: o.Desk, Section: section, Lang: lang,
		Want: "history", Why: "Stored by the month of history the demo seeds before it crawls: the crawl finds it known.",
		Flags: map[string]bool{"history": true}, Paras: []string{body}, Published: pub}
	a.Summary = clip(body, 200)
	a.Image = "/img/" + fmt.Sprintf("tin-%04d", seq) + ".jpg"
	return a
}

var districts = []string{"Mộc Châu", "Vân Hồ", "Mai Sơn", "Yên Châu", "Thuận Châu", "Quỳnh Nhai", "Mường La",
	"Bắc Yên", "Phù Yên", "Sông Mã", "Sốp Cộp", "thành phố Sơn La"}

var districtsEN = []string{"Moc Chau", "Van Ho", "Mai Son", "Yen Chau", "Thuan Chau", "Quynh Nhai", "Muong La",
	"Bac Yen", "Phu Yen", "Song Ma", "Sop Cop", "Son La city"}

// viTopics and enTopics are everyday local news: a title with a district
// and a number, and two sentences naming the province.
var viTopics = []struct{ title, body, section string }{
	{"%s: thu hoạch %d tấn cà phê vụ mới", "Các hợp tác xã ở %s, tỉnh Sơn La cho biết giá cà phê nhân năm nay ổn định. Bà con phơi quả trên sân bê tông để giữ chất lượng.", "Kinh tế"},
	{"%s khai giảng %d lớp xóa mù chữ cho người lớn", "Các lớp học buổi tối ở %s, Sơn La do giáo viên trường bán trú đứng lớp. Học viên được phát sách vở và đèn học.", "Giáo dục"},
	{"%s: trồng mới %d héc-ta rừng phòng hộ", "Lực lượng kiểm lâm %s, Sơn La cùng người dân trồng cây trên các sườn đồi dốc. Cây giống được chăm sóc trong ba năm đầu.", "Xã hội"},
	{"%s tổ chức giải bóng đá thiếu niên với %d đội", "Giải đấu ở %s, Sơn La diễn ra trên sân vận động trung tâm vào các buổi chiều cuối tuần. Ban tổ chức trao cúp và áo đấu.", "Thể thao"},
	{"%s: %d hộ dân có nước sạch từ công trình mới", "Công trình cấp nước ở %s, Sơn La dẫn nước từ khe núi về bể lọc của bản. Tổ quản lý do dân bầu thu phí hằng tháng.", "Xã hội"},
	{"%s đón %d lượt khách dịp cuối tuần", "Các homestay ở %s, Sơn La kín phòng nhờ thời tiết hanh khô. Du khách thích nhất các món nướng và chợ đêm.", "Du lịch"},
	{"%s: sửa chữa %d cây số đường giao thông nông thôn", "Đoàn thanh niên %s, Sơn La góp công đổ bê tông các đoạn đường vào bản. Xe máy chở nông sản đã đi lại dễ dàng hơn.", "Giao thông"},
	{"%s khám sức khỏe miễn phí cho %d người cao tuổi", "Bác sĩ bệnh viện tỉnh Sơn La về %s đo huyết áp, khám mắt và cấp thuốc. Các ca cần theo dõi được hẹn lên tuyến trên.", "Sức khỏe"},
	{"%s: %d học sinh nhận học bổng vượt khó", "Quỹ khuyến học %s, Sơn La trao học bổng cho học sinh có hoàn cảnh khó khăn. Mỗi suất gồm tiền mặt, áo ấm và cặp sách.", "Giáo dục"},
	{"%s ra mắt %d sản phẩm OCOP mới", "Các sản phẩm của %s, Sơn La gồm chè, mật ong và thịt trâu gác bếp. Hợp tác xã đã in tem truy xuất nguồn gốc.", "Kinh tế"},
	{"%s: tập huấn kỹ thuật nuôi cá lồng cho %d hộ", "Cán bộ khuyến nông %s, Sơn La hướng dẫn chọn giống và cho cá ăn đúng bữa. Mỗi hộ được hỗ trợ một nửa tiền lưới lồng.", "Kinh tế"},
	{"%s hiến máu tình nguyện thu %d đơn vị máu", "Ngày hội hiến máu ở %s, Sơn La có đông đoàn viên và chiến sĩ tham gia. Máu được chuyển về ngân hàng máu của tỉnh.", "Xã hội"},
}

var enTopics = []struct{ title, body, section string }{
	{"%s coffee growers ship %d tonnes to roasters in Hanoi", "Cooperatives in %s, Son La province, say prices held steady this season. Farmers dry the cherries on concrete yards to keep the quality up.", "Business"},
	{"%s homestays welcome %d visitors over the weekend", "Guesthouses in %s, Son La, were full thanks to dry and sunny weather. Visitors liked the grilled food and the night market best.", "Travel"},
	{"%s opens %d evening literacy classes for adults", "Teachers from boarding schools in %s, Son La, run the classes after dark. Learners get notebooks and a reading lamp.", "News"},
	{"%s plants %d hectares of protective forest", "Rangers and villagers in %s, Son La, planted trees on steep slopes. The seedlings will be tended for their first three years.", "News"},
	{"%s brings clean water to %d households", "A new scheme in %s, Son La, carries spring water to a filter tank in each village. A committee elected by residents collects a monthly fee.", "News"},
}
