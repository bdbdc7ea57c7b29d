// Package desk is what mediawatch does for the people at a communications
// desk — the use cases — in one layer that both faces call: the JSON API
// (package api) and the web pages (package web). Search coverage with
// highlighted snippets; read an item with its versions and flags; rank the
// response queue and say why each story stands where it does; test a rule
// on history before anyone trusts it; keep the active rule set; build the
// daily report; sign people in, manage their accounts and the API keys
// (Keys: the same use cases for `mediawatch keys` and the admin's page,
// each change audited with who made it), and keep the audit log.
//
// The faces decode a request, make one call here and encode the answer;
// they never import each other and hold no rules of their own, so a
// behaviour changed here changes in both. Below desk sit the write path
// (ingest: crawl → store → flags → stories → index), the store, the index
// and the rules engine; desk reads them and records people's changes
// through them. cmd builds one Desk and hands it to both faces.
//
// The response queue: Rank orders the open stories by a documented
// priority (Priority) and says why in Vietnamese and English (Reasons),
// from the queue's own phrase catalogue (queue_messages.go), calling each
// rule by its name in each language and writing numbers each language's way
// (×1,5 and ×1.5). A story's reach is its outlets' highest weight, or,
// when one of its posts is by an account whose audience is known and it is
// higher, AudienceReach of the largest such audience: min(1 + log10(1 +
// audience/1000), 4), so each tenfold audience adds the same and none
// drowns severity and spread (Desk.Queue asks the store for the
// audiences by type, StoryAudienceStore).
//
// Accounts (accounts.go) are the authors behind posts: the listing by
// audience with post and flag counts, one account with its posts, and
// AuthorQuery, the author:"platform:handle" search that finds them. A
// rule's backtest (Backtest, TestRule) finds candidates
// in the index and confirms each with the rule's matcher on the stored text,
// writing nothing; the Rulebook keeps the active rule set, swapping a new
// set in only when all of it is valid.
//
// Source health (sources.go, health.go): Sources judges every source from
// what the crawler stored, the items counted per complete local day and
// the state last stored — ok, failing, silent (Media Cloud's rule: the
// last 7 days' mean below the 28-day mean minus 1.5 population standard
// deviations, or zero while that mean is not), recovered, disabled — and
// CheckSources stores each change and raises it as an alert through
// Deps.Alerts. Today is never counted, so a judgement holds all day and
// cannot flap; the numbers are config's health: (HealthOptions).
//
// Every change a person or a key makes through desk carries an Actor and
// lands in the audit log (Record): story reviews, rule edits and reloads,
// exports with their query and row count, people and keys, resent reports.
//
// Alerts (alerts.go, spikes.go, queue_spike.go): new flags at or above
// alerts.min_severity become flag alerts (FlagNotifier); Spikes judges each
// rule's and watch term's last hour and last day against the same window on
// the previous days (JudgeSpike: count > mean + k·σ and ≥ min), and raises a
// spike at most once per window length, so a count wavering at the
// threshold makes one alert. The alerts are kept by the store and delivered
// by package alert; desk reads them back for the faces (Desk.Alerts) and for
// the queue (SpikeBoard), which multiplies a spiking story's priority by
// alerts.spike_boost and says why first, in words.
package desk
