// Package alert delivers the alerts that do not wait for the morning
// report (mediawatch.Alert: new flags at or above alerts.min_severity,
// spikes, sources gone silent, failing or recovered). Dispatcher is the
// mediawatch.Alerter the service raises them through.
//
// Raise records an alert in the store under its ID first: the ID is the
// same each time the same event is seen (a spike's names its window), so a
// repeat is recorded as nothing and sent nowhere. A new alert then goes
//
//   - to the webhook (notify.Queue), as an event of the alert's type with
//     the same signature and retries as flags — except a flag alert: new
//     flags reach the webhook as they always did (desk.FlagNotifier,
//     webhook.min_severity, with their matched terms), so that receivers
//     see one event per flag;
//   - to the mail loop, which mails every recipient of alerts.mail.to at
//     most once per alerts.mail.every, each mail listing every alert no
//     mail has listed yet, in the recipient's language, with links to the
//     web pages when web.public_url is set.
//
// Neither waits for a receiver: the webhook has its queue, and the mail
// loop is a goroutine woken by Raise. The alerts a mail has not yet listed
// are those the store has not marked mailed, so a restart loses none: the
// loop sends them at once on start. A failed mail leaves them unmarked for
// the next window; a mail that reached at least one recipient marks them
// (the others are logged), so that one dead address does not make everyone
// else receive the same alerts again and again.
//
// The package does not import the store: it takes Store, and the mail is a
// function (report.Mailer's SendTest: one plain-text message, one attempt;
// the next window is the retry).
package alert
