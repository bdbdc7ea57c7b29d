package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/alecthomas/kong"

	"mediawatch/config"
)

// The command line speaks the interface language from its first word:
// kong prints --help and refuses a command line before any command has
// loaded the configuration, so the language is peeked first (uiLang).
//
// kong builds help from the CLI struct's tags, which hold the English
// texts. In Vietnamese, newParser replaces every command's, flag's and
// argument's help in kong's model with helpVI's (keyed by command path,
// see helpKey) before parsing, and the help printer translates kong's own
// framing (Usage:, Flags:, Run "… --help" …). kong's parse errors are
// matched against the sentences kong writes (kongErrors) and rewritten;
// one it does not know is shown as kong wrote it.

// uiLang is the interface language for args: $MEDIAWATCH_UI_LANG, else
// ui_lang in the configuration file args (or $MEDIAWATCH_CONFIG) name.
func uiLang(args []string, lookupEnv func(string) (string, bool)) string {
	path := "mediawatch.yaml"
	if p, ok := lookupEnv("MEDIAWATCH_CONFIG"); ok {
		path = p
	}
	for i, a := range args {
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--config="); ok {
			path = v
		} else if a == "--config" && i+1 < len(args) {
			path = args[i+1]
		}
	}
	return config.PeekUILang(path, lookupEnv)
}

// kongExit is how kong.Exit leaves a parse (after --help): run recovers it
// into its exit status, so that tests can run the command line in process.
type kongExit int

// exitCode turns a kongExit panic into run's result.
func exitCode(code *int) {
	if r := recover(); r != nil {
		e, ok := r.(kongExit)
		if !ok {
			panic(r)
		}
		*code = int(e)
	}
}

// newParser builds kong's parser for cli, speaking t's language.
func newParser(cli *CLI, t texts, stdout, stderr io.Writer) (*kong.Kong, error) {
	parser, err := kong.New(cli,
		kong.Name("mediawatch"),
		kong.Description("Media monitoring for one place: crawl, keep, flag and report the news that mentions it."),
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { panic(kongExit(code)) }),
		kong.Help(helpPrinter(t)),
	)
	if err != nil {
		return nil, err
	}
	if t.lang() == "vi" {
		translateModel(parser.Model.Node, helpVI)
	}
	return parser, nil
}

// parseFailed prints a command line kong refused as kong.UsageOnError
// would — the command's usage on stdout, the error on stderr — in t's
// language, and returns kong's exit status for it.
func parseFailed(err error, t texts, stdout, stderr io.Writer) int {
	var pe *kong.ParseError
	if errors.As(err, &pe) && pe.Context != nil {
		_ = pe.Context.PrintUsage(false)
		fmt.Fprintln(stdout)
	}
	fmt.Fprintf(stderr, "mediawatch: %s: %s\n", t.f(msgErrorWord), kongError(err.Error(), t))
	var coder kong.ExitCoder
	if errors.As(err, &coder) {
		return coder.ExitCode()
	}
	return 1
}

// helpKey names a command ("keys create"), one of its flags
// ("keys create --name") or positional arguments ("keys revoke <name>");
// the application itself is "".
func helpKey(n *kong.Node) string {
	var parts []string
	for ; n != nil && n.Type != kong.ApplicationNode; n = n.Parent {
		parts = append([]string{n.Name}, parts...)
	}
	return strings.Join(parts, " ")
}

func flagKey(n *kong.Node, f *kong.Flag) string {
	return strings.TrimSpace(helpKey(n) + " --" + f.Name)
}

func argKey(n *kong.Node, v *kong.Value) string {
	return strings.TrimSpace(helpKey(n) + " <" + v.Name + ">")
}

// lookupHelp finds key's text, a flag's falling back to the text every
// command shares for it ("--data").
func lookupHelp(table map[string]string, key string) string {
	if s, ok := table[key]; ok {
		return s
	}
	if i := strings.LastIndex(key, " --"); i >= 0 {
		return table[key[i+1:]]
	}
	return ""
}

// translateModel replaces the help of n, its flags, arguments and
// subcommands with table's texts; a missing text keeps the English one
// (TestHelpComplete makes sure none is missing).
func translateModel(n *kong.Node, table map[string]string) {
	if s := lookupHelp(table, helpKey(n)); s != "" {
		n.Help = s
	}
	for _, f := range n.Flags {
		if s := lookupHelp(table, flagKey(n, f)); s != "" {
			f.Help = s
		}
	}
	for _, v := range n.Positional {
		if s := lookupHelp(table, argKey(n, v)); s != "" {
			v.Help = s
		}
	}
	for _, c := range n.Children {
		translateModel(c, table)
	}
}

// helpPrinter is kong's printer, with its framing in t's language.
func helpPrinter(t texts) kong.HelpPrinter {
	if t.lang() != "vi" {
		return kong.DefaultHelpPrinter
	}
	return func(opts kong.HelpOptions, ctx *kong.Context) error {
		var buf bytes.Buffer
		out := ctx.Stdout
		ctx.Stdout = &buf
		err := kong.DefaultHelpPrinter(opts, ctx)
		ctx.Stdout = out
		if err != nil {
			return err
		}
		_, err = io.WriteString(out, frameHelp(buf.String(), t))
		return err
	}
}

// helpFrames are the lines kong writes around the texts, and their keys.
var helpFrames = []struct {
	re  *regexp.Regexp
	key msgKey
}{
	{regexp.MustCompile(`^Usage: (.*)$`), msgHelpUsage},
	{regexp.MustCompile(`^Run "(.*) <command> --help" for more information on a command\.$`), msgHelpRunCommand},
	{regexp.MustCompile(`^Run "(.*) --help" for more information\.$`), msgHelpRun},
	{regexp.MustCompile(`^Flags:$`), msgHelpFlags},
	{regexp.MustCompile(`^Commands:$`), msgHelpCommands},
	{regexp.MustCompile(`^Arguments:$`), msgHelpArguments},
}

// usageWords are the words kong puts in usage lines and command lists.
var usageWords = []struct {
	en  string
	key msgKey
}{{"<command>", msgHelpCommandWord}, {"[flags]", msgHelpFlagsWord}}

// frameHelp rewrites kong's framing lines of help in t's language.
func frameHelp(help string, t texts) string {
	lines := strings.Split(help, "\n")
	for i, line := range lines {
		for _, f := range helpFrames {
			if m := f.re.FindStringSubmatch(line); m != nil {
				args := make([]any, 0, len(m)-1)
				for _, a := range m[1:] {
					args = append(args, a)
				}
				line = t.f(f.key, args...)
				break
			}
		}
		for _, w := range usageWords {
			line = strings.ReplaceAll(line, w.en, t.f(w.key))
		}
		lines[i] = line
	}
	return strings.Join(lines, "\n")
}

// kongErrors are the sentences kong refuses a command line with, and
// their keys; each key's English text is kong's own sentence.
var kongErrors = []struct {
	re  *regexp.Regexp
	key msgKey
}{
	{regexp.MustCompile(`^unexpected argument (.+)$`), msgKongUnexpectedArg},
	{regexp.MustCompile(`^unknown flag (.+)$`), msgKongUnknownFlag},
	{regexp.MustCompile(`^expected one of (.+)$`), msgKongExpectedOneOf},
	{regexp.MustCompile(`^expected (".+")$`), msgKongExpected},
	{regexp.MustCompile(`^missing flags: (.+)$`), msgKongMissingFlags},
	{regexp.MustCompile(`^missing positional arguments (.+)$`), msgKongMissingArgs},
	{regexp.MustCompile(`^(.+) must be one of (.+) but got (.+)$`), msgKongEnum},
	{regexp.MustCompile(`^unexpected flag argument (.+)$`), msgKongFlagArgument},
	{regexp.MustCompile(`^(--\S+) and (--\S+) can't be used together$`), msgKongTogether},
	{regexp.MustCompile(`^(--\S+): expected (?:an int|a valid \d+ bit u?int|a float) but got ("[^"]*").*$`), msgKongNumber},
	{regexp.MustCompile(`^(--\S+): expected duration but got ("[^"]*").*$`), msgKongDuration},
}

// kongError rewrites one of kong's parse errors in t's language, with its
// "did you mean" suggestion.
func kongError(msg string, t texts) string {
	if t.lang() == "en" {
		return msg // kong's own words
	}
	head, suggestion := msg, ""
	if i := strings.Index(msg, ", did you mean one of "); i >= 0 {
		head = msg[:i]
		suggestion = t.f(msgKongDidYouMeanOneOf, strings.TrimSuffix(msg[i+len(", did you mean one of "):], "?"))
	} else if i := strings.Index(msg, ", did you mean "); i >= 0 {
		head = msg[:i]
		suggestion = t.f(msgKongDidYouMean, strings.TrimSuffix(msg[i+len(", did you mean "):], "?"))
	}
	for _, e := range kongErrors {
		if m := e.re.FindStringSubmatch(head); m != nil {
			args := make([]any, 0, len(m)-1)
			for _, a := range m[1:] {
				args = append(args, a)
			}
			return t.f(e.key, args...) + suggestion
		}
	}
	if suggestion == "" {
		return msg
	}
	return head + suggestion
}
