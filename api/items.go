package api

import (
	"context"
	"strconv"

	"mediawatch"
)

// itemInput names one item. The id is taken as text and parsed here, so
// that a non-numeric id is a 400 like every other bad input, not huma's 422.
type itemInput struct {
	ID string `path:"id" doc:"The item's id, a positive integer." example:"42"`
}

type itemOutput struct {
	Body itemBody
}

type itemBody struct {
	ItemView
	Versions []versionView `json:"versions" doc:"Every text the item has had, oldest first."`
}

func (s *Server) getItem(ctx context.Context, in *itemInput) (*itemOutput, error) {
	id, err := parseID("path.id", in.ID)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	rec, err := s.desk.Item(ctx, id)
	if err != nil {
		return nil, s.problem(ctx, err)
	}
	body := itemBody{ItemView: s.itemViewOf(rec.Item), Versions: make([]versionView, 0, len(rec.Versions))}
	for _, v := range rec.Versions {
		body.Versions = append(body.Versions, s.versionViewOf(v))
	}
	return &itemOutput{Body: body}, nil
}

// parseID reads a positive integer id, or returns a *FieldError at loc.
func parseID(loc, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id < 1 {
		return 0, &FieldError{Location: loc, Value: s, Key: msgPositiveInt}
	}
	return id, nil
}

type meOutput struct {
	Body struct {
		Name   string          `json:"name" doc:"The key's name."`
		Role   mediawatch.Role `json:"role" enum:"viewer,editor,admin" doc:"The key's role."`
		Prefix string          `json:"prefix" doc:"The key's first characters, as key lists show them."`
	}
}

func (s *Server) getMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	k, _ := keyFrom(ctx) // the role check let the request in, so there is a key
	out := &meOutput{}
	out.Body.Name, out.Body.Role, out.Body.Prefix = k.Name, k.Role, k.Prefix
	return out, nil
}
