package config

import (
	"fmt"
	"net/mail"
	"strings"
	"time"

	"mediawatch"
)

// WatchedAccount is an account every post of which is kept, wherever it
// appears (a hashtag's feed, a search): the office's key opinion leaders.
type WatchedAccount struct {
	Platform string `yaml:"platform"` // telegram | youtube | mastodon | bluesky | reddit | …
	Handle   string `yaml:"handle"`   // as mediawatch.NormalHandle keeps it: "sonla24h", "UC…", "user@instance"
	Name     string `yaml:"name"`     // the display name, until the platform's page says one
}

// Health configures the judgement of a source's health (desk): the silence
// rule compares the mean of the last RecentDays days' item counts with the
// BaselineDays days' mean minus Sigma standard deviations.
type Health struct {
	RecentDays   int      `yaml:"recent_days"`   // 7
	BaselineDays int      `yaml:"baseline_days"` // 28
	Sigma        float64  `yaml:"sigma"`         // 1.5
	RecoveredFor Duration `yaml:"recovered_for"` // how long a source that came back shows as recovered (1d)
	CheckEvery   Duration `yaml:"check_every"`   // how often serve judges every source (10m)
}

// Alerts configures the alerts that do not wait for the morning report:
// new flags at or above MinSeverity, spikes, and sources that went
// silent, failing or recovered; sent through the webhook and by mail.
type Alerts struct {
	MinSeverity string  `yaml:"min_severity"` // high
	SpikeK      float64 `yaml:"spike_k"`      // a window's count above mean + k·σ is a spike (3)
	SpikeMin    int     `yaml:"spike_min"`    // and at least this many items (3)
	SpikeDays   int     `yaml:"spike_days"`   // days of baseline (14)
	// SpikeBoost multiplies the queue priority of a story whose items made
	// a spike still under way (2).
	SpikeBoost float64   `yaml:"spike_boost"`
	CheckEvery Duration  `yaml:"check_every"` // how often serve looks for spikes (5m)
	Mail       AlertMail `yaml:"mail"`
}

// AlertMail is who receives alerts by e-mail, through report.mail's server:
// at most one mail per Every, listing what happened since the last one.
type AlertMail struct {
	Every Duration    `yaml:"every"` // 15m
	To    []Recipient `yaml:"to"`
}

// Recipient is one address and the language its mails are written in.
type Recipient struct {
	Address string `yaml:"address"`
	Lang    string `yaml:"lang"` // vi | en; "" is report.lang
}

func defaultHealth() Health {
	return Health{RecentDays: 7, BaselineDays: 28, Sigma: 1.5,
		RecoveredFor: Duration(24 * time.Hour), CheckEvery: Duration(10 * time.Minute)}
}

func defaultAlerts() Alerts {
	return Alerts{MinSeverity: "high", SpikeK: 3, SpikeMin: 3, SpikeDays: 14, SpikeBoost: 2,
		CheckEvery: Duration(5 * time.Minute), Mail: AlertMail{Every: Duration(15 * time.Minute)}}
}

// validateSocial checks accounts, health and alerts.
func (c *Config) validateSocial(v *validator) {
	seen := map[string]int{}
	for i, a := range c.Accounts {
		key := fmt.Sprintf("accounts[%d]", i)
		v.check(a.Platform != "" && slug.MatchString(strings.ToLower(a.Platform)), key+".platform",
			"want a platform like telegram, youtube, mastodon, bluesky or reddit")
		h := mediawatch.NormalHandle(mediawatch.NormalPlatform(a.Platform), a.Handle)
		v.check(h != "" && len(h) <= 200 && !strings.ContainsAny(h, " \t\r\n"), key+".handle",
			"want the account's handle, without spaces")
		v.label(key+".name", a.Name, 120)
		k := string(mediawatch.NormalPlatform(a.Platform)) + ":" + h
		if j, dup := seen[k]; dup && h != "" {
			v.fail(key+".handle", fmt.Sprintf("%s is also accounts[%d]", k, j))
		}
		seen[k] = i
	}
	h := c.Health
	v.check(h.RecentDays >= 1 && h.RecentDays <= 60, "health.recent_days", "want 1 to 60, like 7")
	v.check(h.BaselineDays > h.RecentDays && h.BaselineDays <= 366, "health.baseline_days",
		"want more than health.recent_days and at most 366, like 28")
	v.check(h.Sigma >= 0 && h.Sigma <= 10, "health.sigma", "want 0 to 10, like 1.5")
	v.check(h.RecoveredFor >= 0, "health.recovered_for", "must not be negative, like 1d")
	v.check(time.Duration(h.CheckEvery) >= time.Minute, "health.check_every", "want at least 1m, like 10m")
	a := c.Alerts
	v.oneOf("alerts.min_severity", a.MinSeverity, "low", "medium", "high", "critical")
	v.check(a.SpikeK >= 0 && a.SpikeK <= 20, "alerts.spike_k", "want 0 to 20, like 3")
	v.check(a.SpikeMin >= 1, "alerts.spike_min", "want at least 1, like 3")
	v.check(a.SpikeDays >= 2 && a.SpikeDays <= 90, "alerts.spike_days", "want 2 to 90, like 14")
	v.check(a.SpikeBoost >= 1 && a.SpikeBoost <= 100, "alerts.spike_boost", "want 1 to 100, like 2")
	v.check(time.Duration(a.CheckEvery) >= time.Minute, "alerts.check_every", "want at least 1m, like 5m")
	v.check(time.Duration(a.Mail.Every) >= time.Minute, "alerts.mail.every", "want at least 1m, like 15m")
	for i, r := range a.Mail.To {
		key := fmt.Sprintf("alerts.mail.to[%d]", i)
		_, err := mail.ParseAddress(r.Address)
		v.check(err == nil, key+".address", fmt.Sprintf("%q is not an e-mail address", r.Address))
		if r.Lang != "" {
			v.oneOf(key+".lang", r.Lang, "vi", "en")
		}
	}
	v.check(len(a.Mail.To) == 0 || c.Report.Mail.Host != "", "alerts.mail.to",
		"alert mail goes through report.mail's server: set report.mail.host")
}

// defaultKeep is the keep policy of a source that names none: a news
// source keeps articles that mention a watch term (as before); every post of a source
// that reads one account (a channel, a profile) is kept, since a watched
// account keeps all its posts; a hashtag or a search keeps posts that
// mention a watch term.
func defaultKeep(kind mediawatch.SourceKind, url string) mediawatch.Keep {
	switch kind {
	case mediawatch.KindMastodon:
		if strings.Contains(url, "/@") {
			return mediawatch.KeepAll
		}
		return mediawatch.KeepMentions
	case mediawatch.KindReddit:
		return mediawatch.KeepMentions
	case mediawatch.KindYouTube, mediawatch.KindTelegram, mediawatch.KindBluesky:
		return mediawatch.KeepAll
	}
	return mediawatch.KeepMentions
}

// defaultInterval is the interval of a source that names none: a YouTube
// feed holds only its newest 15 entries, so it is read every 15 minutes;
// other sources every 30.
func defaultInterval(kind mediawatch.SourceKind) time.Duration {
	if kind == mediawatch.KindYouTube {
		return 15 * time.Minute
	}
	return 30 * time.Minute
}
