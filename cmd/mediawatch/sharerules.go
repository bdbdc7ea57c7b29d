package main

import (
	"context"
	"time"

	"mediawatch/desk"
	"mediawatch/rules"
)

// Nodes that share a PostgreSQL store share one rule set. A valid set a
// node loads — a file edited in its rules.dir, a rule saved on its pages —
// is published to the store; every node looks at the store every
// shareRulesEvery and, when another node published a newer set, writes it
// into its own rules.dir and loads it. A node that starts takes the
// store's newest set, so rules are edited on a running node.

// shareRulesEvery is how often a node compares its rule set with the
// store's.
const shareRulesEvery = 3 * time.Second

// shareRulesOnce takes the store's newest rule set when another node
// published it since this node last looked, or publishes this node's when
// it differs from the store's. It reports what it did: "took", "published"
// or "".
func (a *app) shareRulesOnce(ctx context.Context) (string, error) {
	latest, ok, err := a.db.LatestRuleSet(ctx)
	if err != nil {
		return "", err
	}
	active := a.rules.Status()
	if ok && latest.ID > a.rulesSeen {
		a.rulesSeen = latest.ID
		if latest.Version == active.Version {
			return "", nil
		}
		if err := rules.WriteFiles(a.cfg.Rules.Dir, latest.Files); err != nil {
			return "", err
		}
		if err := a.rules.Reload(ctx); err != nil {
			return "", err
		}
		a.log.Info("rule set taken from the store", "version", desk.ShortVersion(latest.Version), "from_node", latest.Node)
		return "took", nil
	}
	if active.Version == "" || (ok && latest.Version == active.Version) {
		return "", nil
	}
	// Publish the active set: the directory's files, if they are still
	// that set (an edit since, valid or not, waits for the next load).
	set, err := rules.LoadDir(a.cfg.Rules.Dir, time.Now)
	if err != nil || set.Version != active.Version {
		return "", nil
	}
	files, err := rules.Files(a.cfg.Rules.Dir)
	if err != nil {
		return "", err
	}
	id, err := a.db.PublishRuleSet(ctx, active.Version, files)
	if err != nil {
		return "", err
	}
	a.rulesSeen = id
	a.log.Info("rule set published to the store for the other nodes", "version", desk.ShortVersion(active.Version), "files", len(files))
	return "published", nil
}

// shareRules runs shareRulesOnce every shareRulesEvery until ctx ends, on
// a PostgreSQL store.
func (a *app) shareRules(ctx context.Context) {
	if a.db.Node() == "" {
		return
	}
	tick := time.NewTicker(shareRulesEvery)
	defer tick.Stop()
	for {
		if _, err := a.shareRulesOnce(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("sharing the rule set through the store", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
