package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// EnvPrefix starts every environment variable that overrides a key.
const EnvPrefix = "MEDIAWATCH_"

// Load reads the configuration: defaults, then the YAML file at path, then the
// sources file it names, then environment overrides, then Validate. A missing
// file is an error only when mustExist (the user named it); lookupEnv is
// os.LookupEnv in production.
func Load(path string, mustExist bool, lookupEnv func(string) (string, bool)) (Config, error) {
	cfg := Default()
	cfg.where = map[string]position{}
	data, err := os.ReadFile(path)
	switch {
	case err == nil:
		if err := decodeYAML(path, data, &cfg, "", cfg.where); err != nil {
			return Config{}, err
		}
	case errors.Is(err, fs.ErrNotExist) && !mustExist:
		path = ""
	default:
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if err := applyEnv(&cfg, lookupEnv); err != nil {
		return Config{}, err
	}
	// The default sources file may be absent; one the user named may not.
	explicitSources := cfg.SourcesFile != Default().SourcesFile
	if err := cfg.loadSourcesFile(path, explicitSources); err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// loadSourcesFile appends the sources of cfg.SourcesFile, resolved against
// the config file's directory. The default file may be absent.
func (c *Config) loadSourcesFile(configPath string, explicit bool) error {
	if c.SourcesFile == "" {
		return nil
	}
	p := c.SourcesFile
	if !filepath.IsAbs(p) && configPath != "" {
		p = filepath.Join(filepath.Dir(configPath), p)
	}
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: sources_file: %w", err)
	}
	var file struct {
		Sources []Source `yaml:"sources"`
	}
	where := map[string]position{}
	if err := decodeYAML(p, data, &file, "", where); err != nil {
		return err
	}
	offset := len(c.Sources)
	for k, pos := range where {
		if rest, ok := strings.CutPrefix(k, "sources["); ok {
			i, tail, _ := strings.Cut(rest, "]")
			n, _ := strconv.Atoi(i)
			k = fmt.Sprintf("sources[%d]%s", n+offset, tail)
		}
		c.where[k] = pos
	}
	c.Sources = append(c.Sources, file.Sources...)
	return nil
}

// decodeYAML decodes data strictly (unknown keys are errors) and records
// the line of every key path in where, so that errors can name both.
func decodeYAML(file string, data []byte, into any, prefix string, where map[string]position) error {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("config: %s: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	recordKeys(&root, prefix, file, where)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	err := dec.Decode(into)
	if err == nil || errors.Is(err, io.EOF) {
		return nil
	}
	var te *yaml.TypeError
	if !errors.As(err, &te) {
		return fmt.Errorf("config: %s: %w", file, err)
	}
	byLine := map[int]string{}
	for k, p := range where {
		if old, ok := byLine[p.line]; !ok || len(k) > len(old) {
			byLine[p.line] = k
		}
	}
	msgs := make([]error, 0, len(te.Errors))
	for _, m := range te.Errors {
		msgs = append(msgs, annotate(file, m, byLine))
	}
	return errors.Join(msgs...)
}

var (
	yamlLine  = regexp.MustCompile(`^line (\d+): (.*)$`)
	yamlValue = regexp.MustCompile("^cannot unmarshal !!\\w+ `(.*)` into (time.Duration|int|int64|float64|bool)$")
	typeWords = map[string]string{
		"time.Duration": "a duration (like 2s, 30m, 24h)", "int": "a whole number", "int64": "a whole number",
		"float64": "a number", "bool": "true or false",
	}
)

// annotate turns "line 7: cannot unmarshal …" into "config: FILE:7: KEY: …".
func annotate(file, msg string, byLine map[int]string) error {
	m := yamlLine.FindStringSubmatch(msg)
	if m == nil {
		return fmt.Errorf("config: %s: %s", file, msg)
	}
	line, _ := strconv.Atoi(m[1])
	text := m[2]
	if f, ok := strings.CutPrefix(text, "field "); ok {
		name, _, _ := strings.Cut(f, " ")
		text = fmt.Sprintf("unknown key %q", name)
	}
	if v := yamlValue.FindStringSubmatch(text); v != nil {
		text = fmt.Sprintf("%q is not %s", v[1], typeWords[v[2]])
	}
	if key := byLine[line]; key != "" {
		return fmt.Errorf("config: %s:%d: %s: %s", file, line, key, text)
	}
	return fmt.Errorf("config: %s:%d: %s", file, line, text)
}

// recordKeys walks a YAML node tree and notes where each key path is.
func recordKeys(n *yaml.Node, path, file string, where map[string]position) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			recordKeys(c, path, file, where)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i].Value
			if path != "" {
				k = path + "." + k
			}
			where[k] = position{file: file, line: n.Content[i].Line}
			recordKeys(n.Content[i+1], k, file, where)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			k := fmt.Sprintf("%s[%d]", path, i)
			where[k] = position{file: file, line: c.Line}
			recordKeys(c, k, file, where)
		}
	}
}

// applyEnv overrides scalar keys from MEDIAWATCH_* variables.
func applyEnv(cfg *Config, lookup func(string) (string, bool)) error {
	var errs []error
	walkScalars(reflect.ValueOf(cfg).Elem(), "", func(key string, v reflect.Value) {
		name := EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
		s, ok := lookup(name)
		if !ok {
			return
		}
		if err := setScalar(v, s); err != nil {
			errs = append(errs, fmt.Errorf("config: %s (%s): %w", name, key, err))
			return
		}
		cfg.where[key] = position{file: "$" + name}
	})
	return errors.Join(errs...)
}

// walkScalars calls fn for every settable scalar field, by YAML key path.
func walkScalars(v reflect.Value, prefix string, fn func(string, reflect.Value)) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "" || tag == "-" {
			continue
		}
		key := tag
		if prefix != "" {
			key = prefix + "." + tag
		}
		fv := v.Field(i)
		switch fv.Kind() {
		case reflect.Struct:
			walkScalars(fv, key, fn)
		case reflect.String, reflect.Int, reflect.Int64, reflect.Bool, reflect.Float64:
			fn(key, fv)
		}
	}
}

var durationType = reflect.TypeFor[time.Duration]()

func setScalar(v reflect.Value, s string) error {
	if u, ok := v.Addr().Interface().(interface{ Set(string) error }); ok {
		return u.Set(s) // a type that reads its own text (Duration)
	}
	switch {
	case v.Type() == durationType:
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("not a duration (like 2s, 30m): %q", s)
		}
		v.SetInt(int64(d))
	case v.Kind() == reflect.String:
		v.SetString(s)
	case v.Kind() == reflect.Int || v.Kind() == reflect.Int64:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return fmt.Errorf("not a whole number: %q", s)
		}
		v.SetInt(n)
	case v.Kind() == reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return fmt.Errorf("not true or false: %q", s)
		}
		v.SetBool(b)
	case v.Kind() == reflect.Float64:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return fmt.Errorf("not a number: %q", s)
		}
		v.SetFloat(f)
	}
	return nil
}
