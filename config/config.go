// Package config finds and reads rustaudit's configuration: a rustaudit.toml, a
// .rustaudit.toml or the [workspace.metadata.rustaudit] / [package.metadata.rustaudit] table of
// a Cargo.toml. Every key is checked against the rules' own metadata, so that a typo is an
// error naming its file and line rather than a setting silently ignored.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/pelletier/go-toml/v2"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// File names searched for, in order of precedence within one directory.
const (
	FileName       = "rustaudit.toml"
	HiddenFileName = ".rustaudit.toml"
	CargoFileName  = "Cargo.toml"
)

// The tables of Cargo.toml that may hold the configuration (Cargo ignores metadata tables).
var cargoTables = [][]string{
	{"workspace", "metadata", "rustaudit"},
	{"package", "metadata", "rustaudit"},
}

// Config is the configuration in force.
type Config struct {
	// Path is the absolute path of the file the configuration came from; "" when none was found.
	Path string
	// Table is where the configuration sits inside Path: "" for a whole rustaudit.toml,
	// "workspace.metadata.rustaudit" or "package.metadata.rustaudit" for a Cargo.toml.
	Table string
	// Settings are the rule levels and options the file sets (never nil, maps never nil).
	Settings *rules.Settings
	// Exclude are the file's exclude globs, relative to the file's directory.
	Exclude []string
}

// Empty returns the configuration used when no file is found: every rule at its default.
func Empty() *Config {
	return &Config{Settings: &rules.Settings{Levels: map[string]finding.Level{}, Options: map[string]map[string]any{}}}
}

// Excluded reports whether path (absolute) matches one of the exclude globs. A glob matches
// a path relative to the configuration file's directory, or any of that path's parent
// directories, so that both "vendor" and "vendor/**" exclude everything under vendor/.
// Paths outside that directory are never excluded.
func (c *Config) Excluded(path string) bool {
	if c == nil || len(c.Exclude) == 0 || c.Path == "" {
		return false
	}
	rel, err := filepath.Rel(filepath.Dir(c.Path), path)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return false
	}
	rel = filepath.ToSlash(rel)
	for _, g := range c.Exclude {
		if doublestar.MatchUnvalidated(g, rel) {
			return true
		}
		for i := 0; i < len(rel); i++ {
			if rel[i] == '/' && doublestar.MatchUnvalidated(g, rel[:i]) {
				return true
			}
		}
	}
	return false
}

// Error is an invalid configuration: the file, the 1-based line (0 when unknown) and what
// is wrong with it, with the valid choices.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	p := displayPath(e.Path)
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", p, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", p, e.Msg)
}

// displayPath shows a path relative to the working directory when it lies below it.
func displayPath(p string) string {
	if cwd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(cwd, p); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return rel
		}
	}
	return p
}

// Discover finds the configuration for a run that starts at start (a file or directory;
// "" means the working directory) and loads it. It looks in start's directory and each
// parent up to the repository root (the first directory holding .git), or up to the
// filesystem root outside a repository. In each directory, rustaudit.toml comes first, then
// .rustaudit.toml, then a Cargo.toml with a rustaudit metadata table; the nearest directory
// that has any of them wins. all are the rules whose ids and options are valid.
func Discover(start string, all []*rules.Rule) (*Config, error) {
	if start == "" {
		start = "."
	}
	dir, err := filepath.Abs(start)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		dir = filepath.Dir(dir)
	}
	for {
		for _, name := range []string{FileName, HiddenFileName} {
			p := filepath.Join(dir, name)
			if isFile(p) {
				return Load(p, all)
			}
		}
		p := filepath.Join(dir, CargoFileName)
		if isFile(p) {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, &Error{Path: p, Msg: "cannot read: " + describe(err)}
			}
			// Only a manifest that mentions rustaudit is parsed: a Cargo.toml that go-toml
			// cannot read (TOML 1.1) must not stop a run that does not use it.
			if strings.Contains(string(data), "rustaudit") {
				c, found, err := parseCargo(p, data, all)
				if err != nil {
					return nil, err
				}
				if found {
					return c, nil
				}
			}
		}
		if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	return Empty(), nil
}

// Load reads the configuration file path given with --config. A file named Cargo.toml is
// read for its rustaudit metadata table, which must exist; any other name is read whole.
func Load(path string, all []*rules.Rule) (*Config, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return nil, &Error{Path: abs, Msg: "cannot read configuration: " + describe(err)}
	}
	if filepath.Base(abs) == CargoFileName {
		c, found, err := parseCargo(abs, data, all)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, &Error{Path: abs, Msg: "no [workspace.metadata.rustaudit] or [package.metadata.rustaudit] table"}
		}
		return c, nil
	}
	doc, lines, err := decode(abs, data)
	if err != nil {
		return nil, err
	}
	return build(abs, "", nil, doc, lines, all)
}

func parseCargo(path string, data []byte, all []*rules.Rule) (*Config, bool, error) {
	doc, lines, err := decode(path, data)
	if err != nil {
		return nil, false, err
	}
	var found [][]string
	for _, t := range cargoTables {
		if _, ok := lookup(doc, t); ok {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 0:
		return nil, false, nil
	case 1:
		v, _ := lookup(doc, found[0])
		c, err := build(path, strings.Join(found[0], "."), found[0], v, lines, all)
		return c, true, err
	}
	return nil, false, &Error{Path: path, Line: lines.at(found[1]),
		Msg: fmt.Sprintf("both [%s] (line %d) and [%s] configure rustaudit: keep one",
			strings.Join(found[0], "."), lines.at(found[0]), strings.Join(found[1], "."))}
}

// decode parses TOML into generic values and records the line of every key.
func decode(path string, data []byte) (map[string]any, keyLines, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			msg := strings.TrimPrefix(de.Error(), "toml: ")
			return nil, nil, &Error{Path: path, Line: line, Msg: "invalid TOML: " + msg}
		}
		return nil, nil, &Error{Path: path, Msg: "invalid TOML: " + err.Error()}
	}
	return doc, indexKeys(data), nil
}

func lookup(doc map[string]any, path []string) (any, bool) {
	var cur any = doc
	for _, k := range path {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[k]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func describe(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
