// Command space-oracle gives the final Deta Space CLI's verdict on Spacefiles, for space-dev's conformance table.
//
// It reads them as that CLI did (deta/space-cli a7f5d05, internal/spacefile LoadSpacefile): Go's yaml.v3 into an
// untyped value, the official JSON Schema (santhosh-tekuri/jsonschema v5, whose non-ValidationError failures the CLI
// ignored), yaml.v3 again into its typed structs, then unique names, one primary and, for every micro not marked
// primary, an existing src. Icons are not part of the verdict (space push went on without one).
//
//	go run . SCHEMA CASES        check each case of a conformance table (see src/test/resources/conformance)
//	go run . SCHEMA DIR...       the verdict on DIR/Spacefile (--no-src first: without the src check)
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"

	"github.com/santhosh-tekuri/jsonschema/v5"
	"gopkg.in/yaml.v3"
)

type env struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Default     string `yaml:"default"`
}

type action struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description"`
	Trigger     string `yaml:"trigger"`
	Interval    string `yaml:"default_interval"`
	Path        string `yaml:"path"`
}

type micro struct {
	Name    string `yaml:"name"`
	Src     string `yaml:"src"`
	Engine  string `yaml:"engine"`
	Path    string `yaml:"path"`
	Presets *struct {
		Env     []env `yaml:"env"`
		APIKeys bool  `yaml:"api_keys"`
	} `yaml:"presets"`
	Public         bool     `yaml:"public"`
	PublicRoutes   []string `yaml:"public_routes"`
	ProvideActions bool     `yaml:"provide_actions"`
	Primary        bool     `yaml:"primary"`
	Commands       []string `yaml:"commands"`
	Include        []string `yaml:"include"`
	Actions        []action `yaml:"actions"`
	Serve          string   `yaml:"serve"`
	Run            string   `yaml:"run"`
	Dev            string   `yaml:"dev"`
}

type spacefile struct {
	V       int      `yaml:"v"`
	Icon    string   `yaml:"icon"`
	AppName string   `yaml:"app_name"`
	AutoPWA *bool    `yaml:"auto_pwa"`
	Micros  []*micro `yaml:"micros"`
}

// skipSrc leaves out the src check, for Spacefiles kept without their app's folders (../shared/spacefiles).
var skipSrc bool

// verbose prints every case's verdict and reason (SPACE_ORACLE_VERBOSE=1).
var verbose = os.Getenv("SPACE_ORACLE_VERBOSE") == "1"

// verdict is "" for a file Space accepted, else why it refused it.
func verdict(schema *jsonschema.Schema, dir string, content []byte) (why string) {
	defer func() {
		if r := recover(); r != nil {
			why = fmt.Sprintf("the CLI crashed: %v", r) // space validate and push exited with a panic
		}
	}()
	var untyped any
	if err := yaml.Unmarshal(content, &untyped); err != nil {
		return "yaml: " + err.Error()
	}
	var invalid *jsonschema.ValidationError
	if err := schema.Validate(untyped); errors.As(err, &invalid) {
		return "schema: " + strings.ReplaceAll(fmt.Sprintf("%#v", invalid), "\n", " / ")
	}
	var s spacefile
	if err := yaml.Unmarshal(content, &s); err != nil {
		return "yaml into structs: " + err.Error()
	}
	names := map[string]bool{}
	primaries := 0
	for _, m := range s.Micros {
		if names[m.Name] {
			return "duplicate micro " + m.Name
		}
		names[m.Name] = true
		if m.Primary {
			primaries++
			if primaries > 1 {
				return "multiple primary micros"
			}
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, m.Src)); os.IsNotExist(err) && !skipSrc {
			return "micro " + m.Name + " src " + m.Src + " not found"
		}
	}
	if primaries == 0 && len(s.Micros) != 1 {
		return "no primary micro"
	}
	return ""
}

// A conformance case: "### ID | valid|invalid | why", optional "#! encoding: UTF-16LE|UTF-16BE", then the file.
type testCase struct {
	id, expected, encoding string
	body                   []string
}

func readCases(path string) ([]testCase, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var cases []testCase
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case strings.HasPrefix(line, "### "):
			parts := strings.SplitN(strings.TrimPrefix(line, "### "), " | ", 3)
			if len(parts) < 2 {
				return nil, fmt.Errorf("bad case header: %s", line)
			}
			cases = append(cases, testCase{id: parts[0], expected: parts[1]})
		case len(cases) == 0:
			continue
		case strings.HasPrefix(line, "#! encoding: "):
			cases[len(cases)-1].encoding = strings.TrimPrefix(line, "#! encoding: ")
		case strings.HasPrefix(line, "#! "):
			continue
		default:
			c := &cases[len(cases)-1]
			c.body = append(c.body, line)
		}
	}
	return cases, nil
}

func encode(text, encoding string) []byte {
	if !strings.HasPrefix(encoding, "UTF-16") {
		return []byte(text)
	}
	units := utf16.Encode([]rune("\ufeff" + text))
	var b bytes.Buffer
	for _, u := range units {
		if encoding == "UTF-16BE" {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "--no-src" {
		skipSrc = true
		os.Args = append(os.Args[:1], os.Args[2:]...)
	}
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: space-oracle [--no-src] SCHEMA CASES|DIR...")
		os.Exit(2)
	}
	schema := jsonschema.MustCompile(os.Args[1])
	if info, err := os.Stat(os.Args[2]); err == nil && !info.IsDir() {
		os.Exit(checkTable(schema, os.Args[2]))
	}
	for _, dir := range os.Args[2:] {
		content, err := os.ReadFile(filepath.Join(dir, "Spacefile"))
		if err != nil {
			fmt.Printf("%s\tinvalid\t%v\n", dir, err)
			continue
		}
		if why := verdict(schema, dir, content); why != "" {
			fmt.Printf("%s\tinvalid\t%s\n", dir, why)
		} else {
			fmt.Printf("%s\tvalid\n", dir)
		}
	}
}

// checkTable runs every case in a folder holding the folders the table's files name (web, api, svc), a main.py, and
// prints each whose verdict differs from the one written beside it.
func checkTable(schema *jsonschema.Schema, path string) int {
	cases, err := readCases(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	dir, _ := os.MkdirTemp("", "space-oracle")
	defer os.RemoveAll(dir)
	for _, d := range []string{"web", "api", "svc"} {
		_ = os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	_ = os.WriteFile(filepath.Join(dir, "main.py"), []byte("app = None\n"), 0o644)
	differ := 0
	for _, c := range cases {
		why := verdict(schema, dir, encode(strings.Join(c.body, "\n"), c.encoding))
		got := "valid"
		if why != "" {
			got = "invalid"
		}
		if verbose {
			fmt.Printf("%s\t%s\t%s\n", c.id, got, why)
		}
		if got != c.expected {
			differ++
			fmt.Printf("%s: written %s, Space's CLI says %s %s\n", c.id, c.expected, got, why)
		}
	}
	fmt.Printf("%d cases, %d differ\n", len(cases), differ)
	if differ > 0 {
		return 1
	}
	return 0
}
