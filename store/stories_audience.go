package store

import (
	"context"
	"encoding/json"
	"fmt"
)

// StoryAudiences returns, for each of the stories ids that holds a post
// whose account's audience is known, the largest such audience (followers
// or subscribers): what the response queue's reach reads beside its
// outlets' weights (desk.AudienceReach). Stories without one are absent.
// It reads the stories' items through items_story (story_id) and their
// accounts by primary key, in one query whatever the number of stories.
func (db *DB) StoryAudiences(ctx context.Context, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64)
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("story audiences: %w", err)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT i.story_id, MAX(a.audience) FROM items i
		JOIN accounts a ON a.id = i.account_id
		WHERE i.story_id IN (`+db.intList("?")+`) AND a.audience > 0
		GROUP BY i.story_id`, string(list))
	if err != nil {
		return nil, fmt.Errorf("story audiences: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, audience int64
		if err := rows.Scan(&id, &audience); err != nil {
			return nil, fmt.Errorf("story audiences: %w", err)
		}
		out[id] = audience
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("story audiences: %w", err)
	}
	return out, nil
}
