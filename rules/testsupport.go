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
	Package *struct {
		Publish any `toml:"publish"`
	} `toml:"package"`
	Dependencies    map[string]any      `toml:"dependencies"`
	DevDependencies map[string]any      `toml:"dev-dependencies"`
	Features        map[string][]string `toml:"features"`
	Target          map[string]struct {
		Dependencies    map[string]any `toml:"dependencies"`
		DevDependencies map[string]any `toml:"dev-dependencies"`
	} `toml:"target"`
}

// pkgManifest is a package's Cargo.toml, read and decoded once for both workspace decisions
// (command-line code, test-support libraries).
type pkgManifest struct {
	ts  *tsManifest  // nil when it cannot be read (or does not decode as one)
	cli *cliManifest // nil when it cannot be read
}

// readManifests decodes the manifest of each named package, by root.
func readManifests(pkgs []*CrateInfo) map[string]pkgManifest {
	out := map[string]pkgManifest{}
	for _, p := range pkgs {
		if p == nil || p.Name == "" {
			continue
		}
		if _, done := out[p.Root]; done {
			continue
		}
		path := filepath.Join(p.Root, "Cargo.toml")
		var pm pkgManifest
		if m := (&tsManifest{}); cargo.ReadManifest(path, m) {
			pm.ts = m
			pm.cli = &cliManifest{Dependencies: m.Dependencies}
			for k, tg := range m.Target {
				if pm.cli.Target == nil {
					pm.cli.Target = map[string]cliTarget{}
				}
				pm.cli.Target[k] = cliTarget{Dependencies: tg.Dependencies}
			}
		} else if c := (&cliManifest{}); cargo.ReadManifest(path, c) {
			pm.cli = c // (fields only the test-support model reads do not decode)
		}
		out[p.Root] = pm
	}
	return out
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

// testSupportContexts gives the test context, keyed by package root, to each library of
// the scan that is there for tests: it has no binary, its name or manifest says it is not
// for others (a name with a segment such as `test`, `fakes` or `mock`, or `publish =
// false`), and every other scanned package that uses it does so only in tests (as a
// dev-dependency or through a testing feature) or is itself a test package. A library
// that nobody in the scan uses keeps its context: its users are out of sight; and so does
// one an example uses, since an example shows the library's real use.
func testSupportContexts(pkgs []*CrateInfo, read map[string]pkgManifest) map[string]Context {
	type user struct {
		name string
		uses map[string]tsUse
		test bool // the user is itself a test or bench package
	}
	var users []user
	manifests := map[string]*tsManifest{}
	for _, p := range pkgs {
		if p == nil || p.Name == "" {
			continue
		}
		m := read[p.Root].ts
		if m == nil {
			continue
		}
		manifests[p.Root] = m
		k, _ := packageContext(p)
		users = append(users, user{name: p.Name, uses: tsUses(m), test: k == CtxTest})
	}
	out := map[string]Context{}
	for _, p := range pkgs {
		m := manifests[p.Root] // nil for a nil or nameless package
		if m == nil || !libOnly(p) || !tsNamedForTests(p.Name) && !tsUnpublished(m) {
			continue
		}
		if k, _ := packageContext(p); k != CtxProduction {
			continue
		}
		var by []string
		shipped := false
		for _, u := range users {
			switch use := u.uses[p.Name]; {
			case u.name == p.Name || use == tsNone: // a package's own dev-dependency on itself says nothing
			case use == tsShipped && !u.test:
				shipped = true
			default:
				by = append(by, "`"+u.name+"`")
			}
		}
		if shipped {
			continue
		}
		if len(by) == 0 {
			// No package of the scan uses it. An unpublished library named for tests
			// (`acceptance`, `e2e-tests`) serves its own `tests/` targets, which run it.
			if tsNamedForTests(p.Name) && tsUnpublished(m) && hasTarget(p, cargo.TargetTest) {
				out[p.Root] = Context{Kind: CtxTest, Why: fmt.Sprintf("in `%s`, a test-support library: unpublished, named for tests, and used by no package of this scan but its own tests", displayName(p))}
			}
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

// tsNamedForTests reports whether a package name has a segment that says tests:
// `docs_rs_test_fakes`, `foo-testkit`, `mock-server`.
func tsNamedForTests(name string) bool {
	for _, seg := range strings.FieldsFunc(strings.ToLower(name), func(r rune) bool { return r == '-' || r == '_' }) {
		switch seg {
		case "test", "tests", "testing", "testkit", "testutil", "testutils", "fake", "fakes", "mock", "mocks", "stub", "stubs", "harness",
			"acceptance", "e2e":
			return true
		}
	}
	return false
}

// tsUnpublished reports whether the manifest says `publish = false` (or an empty registry
// list): the package exists only for this workspace.
func tsUnpublished(m *tsManifest) bool {
	return m.Package != nil && cargo.PublishOff(m.Package.Publish)
}

// hasTarget reports whether a package has a target of kind k.
func hasTarget(p *CrateInfo, k cargo.TargetKind) bool {
	for _, tg := range p.Targets {
		if tg.Kind == k {
			return true
		}
	}
	return false
}

// hasBin reports whether a package has a binary target.
func hasBin(p *CrateInfo) bool { return hasTarget(p, cargo.TargetBin) }

// libOnly reports whether a package has a library and no binary: a binary of its own uses
// the library for real.
func libOnly(p *CrateInfo) bool {
	return hasTarget(p, cargo.TargetLib) && !hasBin(p)
}
