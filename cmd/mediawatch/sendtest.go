package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"mediawatch/config"
	"mediawatch/report"
)

// ReportCmds is `mediawatch report`: writing a day's report stays the
// default subcommand, so `mediawatch report --date … --format …` works as
// it always did, and `report send-test` sits beside it.
type ReportCmds struct {
	Write    ReportCmd         `cmd:"" default:"withargs" help:"Write one day's flagged-item report (html, md, csv or json) from the store (the default)."`
	SendTest ReportSendTestCmd `cmd:"" name:"send-test" help:"Send a short test e-mail through the configured report.mail settings; say which step failed."`
}

// ReportSendTestCmd is `mediawatch report send-test`.
type ReportSendTestCmd struct {
	To []string `help:"Recipient address; repeat for several (default: report.mail.to)." placeholder:"ADDR"`
}

// Run sends one test e-mail, in Vietnamese and English, from report.mail.from.
func (c *ReportSendTestCmd) Run(g *globals) error {
	cfg, err := g.loadConfig("")
	if err != nil {
		return err
	}
	if cfg.Report.Mail.Host == "" {
		return errors.New(g.t.f(msgMailNoHost))
	}
	to := c.To
	if len(to) == 0 {
		to = cfg.Report.Mail.To
	}
	m, err := newMailer(cfg)
	if err != nil {
		return err
	}
	host, _ := os.Hostname()
	now := time.Now().In(cfg.Location()).Format("2006-01-02 15:04 MST")
	server := mailServer(cfg.Report.Mail)
	vi, en := textsFor("vi"), textsFor("en")
	subject := vi.f(msgTestSubject) + " / " + en.f(msgTestSubject)
	body := vi.f(msgTestBody, host, now, server) + "\n\n" + en.f(msgTestBody, host, now, server) + "\n"
	if err := m.SendTest(g.ctx, to, subject, body); err != nil {
		return errors.New(mailFailure(g.t, cfg.Report.Mail, err))
	}
	fmt.Fprintln(g.stdout, g.t.f(msgMailSent, strings.Join(to, ", "), server, orElse(cfg.Report.Mail.TLS, "starttls")))
	return nil
}

// newMailer is the report's mailer for the configured report.mail.
func newMailer(cfg config.Config) (*report.Mailer, error) {
	m := cfg.Report.Mail
	return report.NewMailer(report.MailConfig{Host: m.Host, Port: m.Port, Username: m.Username,
		Password: m.Password, From: m.From, To: m.To, TLS: m.TLS, Timeout: m.Timeout, Retries: m.Retries}, nil)
}

func mailServer(m config.Mail) string { return fmt.Sprintf("%s:%d", m.Host, m.Port) }

// mailFailure says in the interface language which step of the dialogue
// failed and what to look at.
func mailFailure(t texts, m config.Mail, err error) string {
	server := mailServer(m)
	var me *report.MailError
	if !errors.As(err, &me) {
		return err.Error()
	}
	switch me.Stage {
	case report.StageConnect:
		return t.f(msgMailConnect, server, me.Err)
	case report.StageTLS:
		return t.f(msgMailTLS, server, me.Err)
	case report.StageAuth:
		return t.f(msgMailAuth, server, me.Err)
	case report.StageSender:
		return t.f(msgMailSender, server, m.From, me.Err)
	case report.StageRecipient:
		return t.f(msgMailRecipient, server, me.Addr, me.Err)
	default:
		return t.f(msgMailMessage, server, me.Err)
	}
}
