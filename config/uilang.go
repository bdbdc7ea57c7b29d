package config

import (
	"os"

	"go.yaml.in/yaml/v3"
)

// PeekUILang returns the interface language before the configuration is
// loaded: the command line's help and its parse errors are printed before
// any command runs, and Load — which needs the command's flags — may never
// run. It reads $MEDIAWATCH_UI_LANG, else ui_lang from the file at path, and
// answers "en" when neither says "vi" or "en". Nothing here is an error: a
// file Load would refuse is refused there, in the language found so far.
func PeekUILang(path string, lookupEnv func(string) (string, bool)) string {
	if v, ok := lookupEnv(EnvPrefix + "UI_LANG"); ok {
		if v == "vi" || v == "en" {
			return v
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "en"
	}
	var file struct {
		UILang string `yaml:"ui_lang"`
	}
	if yaml.Unmarshal(data, &file) != nil || file.UILang != "vi" {
		return "en"
	}
	return "vi"
}
