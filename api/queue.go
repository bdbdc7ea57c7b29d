package api

import (
	"context"

	"golang.org/x/text/language"
)

type queueInput struct {
	Lang           string `query:"lang" enum:"vi,en" doc:"The language of the reasons; without it Accept-Language decides, then Vietnamese."`
	AcceptLanguage string `header:"Accept-Language"`
	Size           int    `query:"size" minimum:"1" maximum:"500" default:"100" doc:"At most this many stories, the most urgent."`
}

type queueOutput struct {
	ContentLanguage string `header:"Content-Language"`
	Vary            string `header:"Vary"`
	Body            struct {
		Total   int          `json:"total" doc:"Open stories in all: the queue's length."`
		Lang    string       `json:"lang" enum:"vi,en" doc:"The language of the reasons."`
		Stories []queueStory `json:"stories"`
	}
}

type queueStory struct {
	StoryView
	Priority float64  `json:"priority"`
	Reasons  []string `json:"reasons" doc:"Why it stands where it does, in words: severity and rules, outlets, reach, age, a raise, who reviews it."`
}

// queue answers GET /api/v1/queue.
func (r *storyRoutes) queue(ctx context.Context, in *queueInput) (*queueOutput, error) {
	ranked, err := r.s.desk.Queue(ctx)
	if err != nil {
		return nil, r.s.problem(ctx, err)
	}
	lang := pickLang(in.Lang, in.AcceptLanguage)
	out := &queueOutput{ContentLanguage: lang, Vary: "Accept-Language"}
	out.Body.Total, out.Body.Lang = len(ranked), lang
	out.Body.Stories = make([]queueStory, 0, min(len(ranked), in.Size))
	for _, e := range ranked[:min(len(ranked), in.Size)] {
		qs := queueStory{StoryView: r.body(e.Story), Priority: e.Priority, Reasons: make([]string, 0, len(e.Reasons))}
		for _, reason := range e.Reasons {
			if lang == "en" {
				qs.Reasons = append(qs.Reasons, reason.EN)
			} else {
				qs.Reasons = append(qs.Reasons, reason.VI)
			}
		}
		out.Body.Stories = append(out.Body.Stories, qs)
	}
	return out, nil
}

// answerLangs are the languages reasons are written in, the default first.
var answerLangs = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})

// pickLang chooses the language of an answer: the lang parameter, else the
// best match of Accept-Language, else Vietnamese.
func pickLang(param, acceptLanguage string) string {
	if param != "" {
		return param
	}
	tag, _ := language.MatchStrings(answerLangs, acceptLanguage)
	if base, _ := tag.Base(); base.String() == "en" {
		return "en"
	}
	return "vi"
}
