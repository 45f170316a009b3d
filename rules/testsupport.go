package rules

// Test-support libraries. A workspace often keeps its fakes, fixtures and test servers in a
// library of their own (`foo_test_fakes`, `foo-testkit`) that the other packages pull in only
// to test themselves: as a dev-dependency, or as an optional dependency that only a testing
// feature turns on. Such a library is test code wherever it sits: a blocking call in a fake
// registry holds up one test, not a server. Its name need not say so; the manifests of its
// users do.

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rustaudit/rustaudit/cargo"
)

// tsManifest is the part of Cargo.toml that tells how a package uses the others.
type tsManifest struct {
	Dependencies    map[string]any      `toml:"dependencies"`
	DevDependencies map[string]any      `toml:"dev-dependencies"`
	Features        map[string][]string `toml:"features"`
	Target          map[string]struct {
		Dependencies    map[string]any `toml:"dependencies"`
		DevDependencies map[string]any `toml:"dev-dependencies"`
	} `toml:"target"`
}

// tsUse is how one package uses another: only in tests, or also in code it ships.
type tsUse uint8

const (
	tsNone tsUse = iota
	tsTestOnly
	tsShipped
)

// tsUses returns, by package name, how the package of manifest m uses each dependency.
func tsUses(m *tsManifest) map[string]tsUse {
	out := map[string]tsUse{}
	mark := func(deps map[string]any, dev bool) {
		for key, v := range deps {
			name, optional := key, false
			if tbl, ok := v.(map[string]any); ok {
				if n, ok := tbl["package"].(string); ok {
					name = n
				}
				optional, _ = tbl["optional"].(bool)
			}
			use := tsShipped
			if dev || optional && tsOnlyTestFeatures(m.Features, key) {
				use = tsTestOnly
			}
			if use > out[name] {
				out[name] = use
			}
		}
	}
	mark(m.Dependencies, false)
	mark(m.DevDependencies, true)
	for _, t := range m.Target {
		mark(t.Dependencies, false)
		mark(t.DevDependencies, true)
	}
	return out
}

// tsOnlyTestFeatures reports whether every feature that turns optional dependency dep on
// is named for tests (`testing`, `test-util`, `mock` ...) and the default features do not
// turn it on. A dependency no feature names is turned on by its own implicit feature,
// which is not named for tests.
func tsOnlyTestFeatures(features map[string][]string, dep string) bool {
	enabling := map[string]bool{}
	for f, items := range features {
		for _, it := range items {
			it = strings.TrimPrefix(it, "dep:")
			if i := strings.IndexAny(it, "?/"); i >= 0 {
				it = it[:i]
			}
			if it == dep {
				enabling[f] = true
			}
		}
	}
	if len(enabling) == 0 {
		return false
	}
	for f := range enabling {
		if !isTestFeature(f) {
			return false
		}
	}
	for _, d := range features["default"] {
		if enabling[d] {
			return false
		}
	}
	return true
}

// isTestFeature reports whether a feature's name says it exists for tests.
func isTestFeature(f string) bool {
	f = strings.ToLower(strings.ReplaceAll(f, "_", "-"))
	switch f {
	case "fake", "fakes", "testkit", "test-helpers":
		return true
	}
	return isTestDirName(f)
}

// testSupportContexts gives each library of the scan that its users among the scanned
// packages use only in tests the test context, keyed by package root. A library nobody in
// the scan uses keeps its context: its users are out of sight.
func testSupportContexts(pkgs []*CrateInfo) map[string]Context {
	type user struct {
		name string
		uses map[string]tsUse
		test bool // the user is itself a test, bench or example package
	}
	var users []user
	for _, p := range pkgs {
		if p == nil || p.Name == "" {
			continue
		}
		var m tsManifest
		if !cargo.ReadManifest(filepath.Join(p.Root, "Cargo.toml"), &m) {
			continue
		}
		k, _ := packageContext(p)
		users = append(users, user{name: displayName(p), uses: tsUses(&m), test: k != CtxProduction})
	}
	out := map[string]Context{}
	for _, p := range pkgs {
		if p == nil || p.Name == "" || !hasLib(p) {
			continue
		}
		if k, _ := packageContext(p); k != CtxProduction {
			continue
		}
		var by []string
		shipped := false
		for _, u := range users {
			switch use := u.uses[p.Name]; {
			case use == tsShipped && !u.test:
				shipped = true
			case use != tsNone:
				by = append(by, "`"+u.name+"`")
			}
		}
		if shipped || len(by) == 0 {
			continue
		}
		sort.Strings(by)
		if len(by) > 3 {
			by = append(by[:3], "...")
		}
		out[p.Root] = Context{Kind: CtxTest, Why: fmt.Sprintf("in `%s`, a test-support library: the packages of this scan use it only in tests, as a dev-dependency or through a testing feature (%s)", displayName(p), strings.Join(by, ", "))}
	}
	return out
}

func hasLib(p *CrateInfo) bool {
	for _, tg := range p.Targets {
		if tg.Kind == cargo.TargetLib {
			return true
		}
	}
	return false
}
