package api

import (
	"context"
	"strconv"
	"time"

	"mediawatch"
	"mediawatch/store"
)

// AuditLog is the audit log the API reads. *desk.Audit satisfies it.
type AuditLog interface {
	// List returns the entries f chooses, newest first.
	List(ctx context.Context, f store.AuditFilter) ([]mediawatch.AuditEntry, error)
}

type auditInput struct {
	Since  string `query:"since" doc:"Entries at or after: a local date YYYY-MM-DD or an RFC 3339 time." example:"2026-11-20"`
	Until  string `query:"until" doc:"Entries at or before: a local date YYYY-MM-DD (the whole day) or an RFC 3339 time."`
	Actor  string `query:"actor" maxLength:"256" doc:"Only entries by this person, API key, operating-system user (the command line) or mediawatch itself."`
	Action string `query:"action" maxLength:"64" doc:"Only this action, or every action of its kind: signin matches signin.ok, signin.failed and signin.locked."`
	Size   int    `query:"size" minimum:"1" maximum:"1000" default:"100" doc:"Entries per page (at most 1000)."`
	Cursor string `query:"cursor" maxLength:"20" doc:"The next value of the previous page."`
}

type auditOutput struct{ Body auditBody }

type auditBody struct {
	Entries []auditView `json:"entries" doc:"Newest first."`
	Next    string      `json:"next,omitempty" doc:"Pass as cursor for the next (older) page; absent after the last."`
}

// auditView is one entry of the audit log as the API shows it.
type auditView struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	ActorKind string    `json:"actor_kind" enum:"person,key,cli,system" doc:"person (signed in to the pages), key (an API key), cli (the command line, as the operating-system user) or system (mediawatch itself)."`
	Actor     string    `json:"actor" doc:"The person's, key's or operating-system user's name."`
	Address   string    `json:"address,omitempty" doc:"The client's address, when the change came over the network."`
	Action    string    `json:"action" doc:"What was done, as a dotted name: signin.ok, signin.failed, signin.locked, signout, user.create, key.revoke, backup …"`
	Target    string    `json:"target,omitempty" doc:"What it was done to: a person's or key's name, a story, a file."`
	Detail    string    `json:"detail,omitempty" doc:"The rest in plain words: why a sign-in failed, a new role, a row count."`
}

var exampleAudit = auditBody{Next: "41", Entries: []auditView{
	{ID: 42, At: exampleAt, ActorKind: "person", Actor: "nguyen-lan", Address: "203.0.113.7", Action: "signin.failed",
		Target: "nguyen-lan", Detail: "wrong password"},
}}

// auditDescription is the audit route's description in the document.
const auditDescription = "Who did what, when and from where: sign-ins and their failures, sign-outs, people and " +
	"keys created, changed or revoked, story changes, rule edits, exports, reports sent again, backups. Newest " +
	"first, with a cursor for older pages. The log is append-only: nothing in mediawatch changes or deletes an entry."

// listAudit answers GET /api/v1/audit.
func (s *Server) listAudit(ctx context.Context, in *auditInput) (*auditOutput, error) {
	f := store.AuditFilter{Actor: in.Actor, Action: in.Action, Limit: in.Size + 1}
	var err error
	if f.Since, err = dateParam(s.opts.Location, "query.since", in.Since, false); err != nil {
		return nil, s.problem(ctx, err)
	}
	if f.Until, err = dateParam(s.opts.Location, "query.until", in.Until, true); err != nil {
		return nil, s.problem(ctx, err)
	}
	if !f.Until.IsZero() {
		f.Until = f.Until.Add(time.Nanosecond) // the filter's Until is exclusive; the parameter's inclusive
	}
	if in.Cursor != "" {
		if f.BeforeID, err = strconv.ParseInt(in.Cursor, 10, 64); err != nil || f.BeforeID < 1 {
			return nil, s.problem(ctx, &FieldError{Location: "query.cursor", Value: in.Cursor, Key: msgPositiveInt})
		}
	}
	es, err := s.audit.List(ctx, f)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := auditBody{Entries: []auditView{}}
	for i, e := range es {
		if i == in.Size {
			body.Next = strconv.FormatInt(body.Entries[i-1].ID, 10)
			break
		}
		body.Entries = append(body.Entries, auditView{ID: e.ID, At: s.at(e.At), ActorKind: string(e.ActorKind),
			Actor: e.Actor, Address: e.Address, Action: e.Action, Target: e.Target, Detail: e.Detail})
	}
	return &auditOutput{Body: body}, nil
}
