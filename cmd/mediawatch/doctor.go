package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"mediawatch/config"
	"mediawatch/rules"
	"mediawatch/store"
)

// DoctorCmd is `mediawatch doctor`.
type DoctorCmd struct {
	DataFlag
}

// level is how bad one finding is.
type level int

const (
	levelOK level = iota
	levelWarn
	levelError
)

// finding is one line of doctor's list, with the fix for a problem.
type finding struct {
	level level
	text  string
	fix   string
}

// doctor collects findings.
type doctor struct {
	t        texts
	findings []finding
}

func (d *doctor) ok(text string) { d.findings = append(d.findings, finding{levelOK, text, ""}) }
func (d *doctor) warn(text, fix string) {
	d.findings = append(d.findings, finding{levelWarn, text, fix})
}
func (d *doctor) fail(text, fix string) {
	d.findings = append(d.findings, finding{levelError, text, fix})
}

// Run checks what a production start needs, reading only: the config, the
// data directory, the store (read-only, never the index, which a running
// serve holds), the rules, the sources, e-mail, TLS and the listen
// address. Exit 1 on any problem (✗), 0 with warnings (!).
func (c *DoctorCmd) Run(g *globals) error {
	d := &doctor{t: textsFor("en")}
	cfg, err := g.loadConfig(c.Data)
	if err == nil {
		d.t = g.t
	} else if lang := os.Getenv("MEDIAWATCH_UI_LANG"); lang != "" {
		d.t = textsFor(lang) // the file's ui_lang is unknown when it does not load
	}
	fmt.Fprintln(g.stdout, d.t.f(msgDoctorHeader, g.configPath))
	if err != nil {
		d.fail(d.t.f(msgDocConfigBad, indent(err.Error())), d.t.f(msgDocConfigBadFix))
		return d.print(g)
	}
	d.config(g.configPath)
	d.config2(cfg, g.configPath)
	d.dataDir(cfg.DataDir)
	d.store(g.ctx, cfg)
	d.rules(cfg.Rules.Dir)
	d.sources(cfg)
	d.mail(g.ctx, cfg)
	d.tls(cfg.API)
	d.listen(cfg)
	return d.print(g)
}

// print writes the list and the summary; any ✗ makes the exit status 1.
func (d *doctor) print(g *globals) error {
	errs, warns := 0, 0
	for _, f := range d.findings {
		mark := "✓"
		switch f.level {
		case levelWarn:
			mark, warns = "!", warns+1
		case levelError:
			mark, errs = "✗", errs+1
		}
		fmt.Fprintln(g.stdout, mark+" "+f.text)
		if f.fix != "" {
			fmt.Fprintln(g.stdout, d.t.f(msgDoctorFix, f.fix))
		}
	}
	fmt.Fprintln(g.stdout, d.t.f(msgDoctorSummary, errs, warns))
	if errs > 0 {
		return errProblems
	}
	return nil
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

// config reports the file: there, or defaults only.
func (d *doctor) config(path string) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		d.warn(d.t.f(msgDocConfigMissing, path), d.t.f(msgDocConfigMissingFix))
		return
	}
	d.ok(d.t.f(msgDocConfigOK, path))
}

// config2 warns of a file holding secrets that every user can read.
func (d *doctor) config2(cfg config.Config, path string) {
	if cfg.Report.Mail.Password == "" && cfg.Webhook.Secret == "" {
		return
	}
	fi, err := os.Stat(path)
	if err != nil {
		return // secrets from the environment
	}
	if mode := fi.Mode().Perm(); mode&0o004 != 0 {
		d.warn(d.t.f(msgDocConfigSecret, path, mode), d.t.f(msgDocConfigSecretFix, path, path))
	}
}

// dataDir checks that the data directory is a directory, private to the
// service, and owned by the user the service runs as.
func (d *doctor) dataDir(dir string) {
	fi, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		d.warn(d.t.f(msgDocDataMissing, dir), d.t.f(msgDocDataMissingFix, dir))
		return
	}
	if err != nil || !fi.IsDir() {
		d.fail(d.t.f(msgDocDataNotDir, dir), d.t.f(msgDocDataMissingFix, dir))
		return
	}
	mode := fi.Mode().Perm()
	uid, owner, known := fileOwner(fi)
	good := true
	if mode&0o002 != 0 {
		d.fail(d.t.f(msgDocDataWorldWritable, dir, mode), d.t.f(msgDocDataModeFix, dir))
		good = false
	} else if mode&0o004 != 0 {
		d.warn(d.t.f(msgDocDataWorldReadable, dir, mode), d.t.f(msgDocDataModeFix, dir))
		good = false
	}
	if known {
		me, myName := currentUser()
		switch {
		case uid == 0:
			d.warn(d.t.f(msgDocDataRoot, dir), d.t.f(msgDocDataRootFix, dir))
			good = false
		case me != 0 && uid != me:
			d.warn(d.t.f(msgDocDataOwner, dir, owner, myName), d.t.f(msgDocDataOwnerFix, owner, dir))
			good = false
		}
	}
	if good {
		d.ok(d.t.f(msgDocDataOK, dir, owner, mode))
	}
}

// store opens the store read-only and compares its schema with the
// binary's migrations: the SQLite file of the data directory, or the
// PostgreSQL database of store.url.
func (d *doctor) store(ctx context.Context, cfg config.Config) {
	path, fix := storePath(cfg.DataDir), d.t.f(msgDocStoreBadFix)
	if cfg.Store.URL != "" {
		path, fix = cfg.Store.URL, d.t.f(msgDocStorePostgresFix)
	} else if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		d.warn(d.t.f(msgDocStoreNone, cfg.DataDir), d.t.f(msgDocNoKeysFix))
		return
	}
	info, err := store.Inspect(ctx, path)
	switch {
	case err != nil:
		d.fail(d.t.f(msgDocStoreBad, storeName(cfg), err), fix)
		return
	case info.Schema > info.Known:
		d.fail(d.t.f(msgDocStoreNewer, info.Schema, info.Known), d.t.f(msgDocStoreNewerFix))
	case info.Schema < info.Known:
		d.warn(d.t.f(msgDocStoreOlder, info.Schema, info.Known), d.t.f(msgDocStoreOlderFix))
	default:
		d.ok(d.t.f(msgDocStoreOK, info.Schema, info.Items, max(info.Keys, 0)))
	}
	if info.Keys == 0 {
		d.warn(d.t.f(msgDocNoKeys), d.t.f(msgDocNoKeysFix))
	}
}

// rules loads the rule directory as serve would.
func (d *doctor) rules(dir string) {
	if where, missing := rulesDirMissing(dir); missing {
		d.warn(d.t.f(msgRulesDirMissing, dir, where), d.t.f(msgDocRulesMissingFix))
		return
	}
	set, err := rules.LoadDir(dir, time.Now)
	var le *rules.LoadError
	if errors.As(err, &le) {
		lines := make([]string, 0, 5)
		for i, p := range le.Problems {
			if i == 5 {
				lines = append(lines, "…")
				break
			}
			lines = append(lines, p.String())
		}
		d.fail(d.t.f(msgDocRulesBad, dir, len(le.Problems), indent(strings.Join(lines, "\n"))), d.t.f(msgDocRulesBadFix, dir))
		return
	}
	if err != nil {
		d.fail(d.t.f(msgDocRulesBad, dir, 1, indent(err.Error())), d.t.f(msgDocRulesBadFix, dir))
		return
	}
	enabled := 0
	for _, r := range set.Rules {
		if r.Enabled {
			enabled++
		}
	}
	d.ok(d.t.f(msgDocRulesOK, len(set.Rules), dir, enabled))
}

// rulesDirMissing reports whether the rule directory does not exist, and
// where it was looked for: a relative rules.dir resolves against the
// working directory, which under systemd is not the config's.
func rulesDirMissing(dir string) (where string, missing bool) {
	where, err := filepath.Abs(dir)
	if err != nil {
		where = dir
	}
	_, err = os.Stat(dir)
	return where, errors.Is(err, fs.ErrNotExist)
}

// politeInterval is the shortest per-source interval doctor does not warn of.
const politeInterval = 5 * time.Minute

// sources checks the crawl policy: sources present, private addresses,
// a contact URL in the user agent, and intervals a site will tolerate.
func (d *doctor) sources(cfg config.Config) {
	list := cfg.SourceList()
	if len(list) == 0 {
		d.warn(d.t.f(msgDocSourcesNone), d.t.f(msgDocSourcesNoneFix))
	} else {
		enabled := 0
		for _, s := range list {
			if s.Enabled {
				enabled++
			}
		}
		d.ok(d.t.f(msgDocSourcesOK, len(list), enabled))
	}
	for _, s := range list {
		if s.AllowPrivate {
			d.warn(d.t.f(msgDocPrivate, s.Name), d.t.f(msgDocPrivateFix))
		}
		if s.Interval < politeInterval {
			d.warn(d.t.f(msgDocInterval, s.Name, s.Interval), d.t.f(msgDocIntervalFix, s.Name))
		}
	}
	if cfg.Crawler.UserAgent == config.DefaultUserAgent {
		d.warn(d.t.f(msgDocUserAgent), d.t.f(msgDocUserAgentFix))
	}
	if cfg.Crawler.HostDelay < time.Second {
		d.warn(d.t.f(msgDocHostDelay, cfg.Crawler.HostDelay), d.t.f(msgDocHostDelayFix))
	}
}

// mail connects to the SMTP server, sets up TLS and logs in, sending
// nothing.
func (d *doctor) mail(ctx context.Context, cfg config.Config) {
	m := cfg.Report.Mail
	if m.Host == "" {
		d.warn(d.t.f(msgDocMailNone, reportsDir(cfg.DataDir)), d.t.f(msgDocMailNoneFix))
		return
	}
	mailer, err := newMailer(cfg)
	if err != nil {
		d.fail(err.Error(), d.t.f(msgDocMailFixOther))
		return
	}
	// A server that never answers must not hold the whole list up for the
	// configured 30 s per attempt.
	ctx, cancel := context.WithTimeout(ctx, doctorMailWait)
	defer cancel()
	res, err := mailer.Check(ctx)
	if err != nil {
		d.fail(mailFailure(d.t, m, err), d.t.f(msgDocMailFixOther))
		return
	}
	via := ""
	if res.TLS != "" {
		via = ", " + res.TLS
	}
	login := ""
	if res.Mechanism != "" {
		login = ", AUTH " + res.Mechanism + " " + m.Username
	}
	d.ok(d.t.f(msgDocMailOK, res.Addr, via, login))
}

// doctorMailWait is how long doctor waits for the mail server at most.
const doctorMailWait = 15 * time.Second

// certWarnBefore is how long before expiry doctor warns.
const certWarnBefore = 21 * 24 * time.Hour

// tls loads the configured certificate as serve would and looks at its
// dates.
func (d *doctor) tls(api config.API) {
	if api.TLSCert == "" {
		d.ok(d.t.f(msgDocTLSNone))
		return
	}
	pair, err := tls.LoadX509KeyPair(api.TLSCert, api.TLSKey)
	if err != nil {
		d.fail(d.t.f(msgDocTLSBad, err), d.t.f(msgDocTLSBadFix))
		return
	}
	leaf, err := x509.ParseCertificate(pair.Certificate[0])
	if err != nil {
		d.fail(d.t.f(msgDocTLSBad, err), d.t.f(msgDocTLSBadFix))
		return
	}
	names := strings.Join(append(leaf.DNSNames, ipStrings(leaf.IPAddresses)...), ", ")
	if names == "" {
		names = leaf.Subject.CommonName
	}
	until := leaf.NotAfter.UTC().Format("2006-01-02")
	switch left := time.Until(leaf.NotAfter); {
	case left <= 0:
		d.fail(d.t.f(msgDocTLSExpired, names, until), d.t.f(msgDocTLSRenewFix))
	case left < certWarnBefore:
		d.warn(d.t.f(msgDocTLSSoon, names, until), d.t.f(msgDocTLSRenewFix))
	default:
		d.ok(d.t.f(msgDocTLSOK, names, until))
	}
}

func ipStrings(ips []net.IP) []string {
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = ip.String()
	}
	return out
}

// listen tries the listen address (a busy one is most likely the running
// serve) and warns of keys sent in clear and of proxies trusted wholesale.
func (d *doctor) listen(cfg config.Config) {
	ln, err := net.Listen("tcp", cfg.Listen)
	switch {
	case err == nil:
		ln.Close()
		d.ok(d.t.f(msgDocListenOK, cfg.Listen))
	case errors.Is(err, syscall.EADDRINUSE):
		d.warn(d.t.f(msgDocListenBusy, cfg.Listen), "")
	default:
		d.fail(d.t.f(msgDocListenBad, cfg.Listen, err), d.t.f(msgDocListenBadFix))
	}
	if cfg.API.TLSCert == "" && !loopbackListen(cfg.Listen) {
		d.warn(d.t.f(msgDocListenClear, cfg.Listen), d.t.f(msgDocListenClearFix))
	}
	for _, p := range cfg.API.Proxies() {
		if p.Bits() == 0 {
			d.warn(d.t.f(msgDocProxyAll, p), d.t.f(msgDocProxyAllFix))
		}
	}
}

// loopbackListen reports whether addr listens on loopback only.
func loopbackListen(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
