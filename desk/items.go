package desk

import (
	"context"

	"mediawatch"
)

// ItemRecord is one stored item with every text it has had.
type ItemRecord struct {
	Item     mediawatch.Item
	Versions []mediawatch.ItemVersion // oldest first
}

// Item reads one item and its versions; an unknown id wraps
// mediawatch.ErrNotFound.
func (d *Desk) Item(ctx context.Context, id int64) (ItemRecord, error) {
	it, err := d.store.Item(ctx, id)
	if err != nil {
		return ItemRecord{}, err
	}
	versions, err := d.store.ItemVersions(ctx, id)
	if err != nil {
		return ItemRecord{}, err
	}
	return ItemRecord{Item: it, Versions: versions}, nil
}

// Queue is the response queue: every open story, the most urgent first,
// each with its priority and the reasons for it in words.
func (d *Desk) Queue(ctx context.Context) ([]QueueEntry, error) {
	open, err := d.store.OpenStories(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.withAudience(ctx, open); err != nil {
		return nil, err
	}
	return Rank(d.weights, open, d.now()), nil
}
