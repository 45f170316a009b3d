package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
)

// These tests check, one by one, what GitHub code scanning requires of an uploaded SARIF
// file (https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).

// sarifDoc renders fs and notes as SARIF and decodes the result generically.
func sarifDoc(t *testing.T, fs []finding.Finding, notes []finding.Notification, o Options) map[string]any {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(render(t, SARIF, fs, notes, o), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// get walks a decoded JSON value by object keys and array indexes; nil when absent.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func num(v any) int {
	f, _ := v.(float64)
	return int(f)
}

func TestSARIFLogShape(t *testing.T) {
	for _, fs := range [][]finding.Finding{testFindings(t), nil} {
		doc := sarifDoc(t, fs, nil, testOptions())
		if doc["version"] != "2.1.0" {
			t.Errorf("version = %v", doc["version"])
		}
		if s, _ := doc["$schema"].(string); !strings.Contains(s, "sarif-schema-2.1.0.json") {
			t.Errorf("$schema = %v", doc["$schema"])
		}
		runs, _ := doc["runs"].([]any)
		if len(runs) != 1 {
			t.Fatalf("%d runs, want 1", len(runs))
		}
		results, ok := get(runs[0], "results").([]any)
		if !ok {
			t.Fatalf("results is %T, want an array", get(runs[0], "results"))
		}
		if len(results) != len(fs) {
			t.Errorf("%d results, want %d", len(results), len(fs))
		}
	}
}

func TestSARIFDriver(t *testing.T) {
	o := testOptions()
	o.ToolVersion = "v0.3.1-rc.1"
	driver := get(sarifDoc(t, nil, nil, o), "runs", 0, "tool", "driver")
	for key, want := range map[string]string{
		"name": "rustaudit", "version": "v0.3.1-rc.1", "semanticVersion": "0.3.1-rc.1",
		"informationUri": "https://github.com/rustaudit/rustaudit",
	} {
		if got := get(driver, key); got != want {
			t.Errorf("driver.%s = %v, want %q", key, got, want)
		}
	}
	o.ToolVersion = "devel"
	if got := get(sarifDoc(t, nil, nil, o), "runs", 0, "tool", "driver", "semanticVersion"); got != nil {
		t.Errorf("semanticVersion = %v for a version that is not semver", got)
	}

	rs, _ := get(driver, "rules").([]any)
	if len(rs) != len(testRules) {
		t.Fatalf("%d rules, want %d", len(rs), len(testRules))
	}
	for i, r := range testRules {
		d := rs[i]
		check := func(what string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s: %s = %#v, want %#v", r.ID, what, got, want)
			}
		}
		check("id", get(d, "id"), r.ID)
		check("name", get(d, "name"), camelCase(r.ID))
		check("shortDescription.text", get(d, "shortDescription", "text"), r.Summary)
		check("fullDescription.text", get(d, "fullDescription", "text"), r.Info().Description)
		check("help.text", get(d, "help", "text"), r.Doc)
		check("help.markdown", get(d, "help", "markdown"), r.Doc)
		check("properties.precision", get(d, "properties", "precision"), r.Precision)
		var tags []any
		for _, tag := range r.Tags {
			tags = append(tags, tag)
		}
		check("properties.tags", get(d, "properties", "tags"), tags)
	}
	// Effective levels: the default, an override (lock_across_await: warning -> error) and a
	// rule that is off.
	for id, want := range map[string][3]any{
		"pending_without_waker":    {"error", true, "error"},
		"detached_task":            {"warning", true, "warning"},
		"lock_across_await":        {"error", true, "error"},
		"unbounded_channel":        {"note", true, "recommendation"},
		"select_unbiased_priority": {"none", false, "recommendation"},
	} {
		for _, d := range rs {
			if get(d, "id") != id {
				continue
			}
			got := [3]any{get(d, "defaultConfiguration", "level"), get(d, "defaultConfiguration", "enabled"),
				get(d, "properties", "problem.severity")}
			if got != want {
				t.Errorf("%s: level, enabled, problem.severity = %v, want %v", id, got, want)
			}
		}
	}
	if got := testRules[0].Info().Description; got != "Finds `poll` implementations that return `Poll::Pending` without registering the waker." {
		t.Errorf("fullDescription of %s = %q", testRules[0].ID, got)
	}
}

func TestSARIFResults(t *testing.T) {
	fs := testFindings(t)
	doc := sarifDoc(t, fs, nil, testOptions())
	run := get(doc, "runs", 0)
	if got := get(run, "columnKind"); got != "utf16CodeUnits" {
		t.Errorf("columnKind = %v", got)
	}
	if got := get(run, "originalUriBaseIds", "%SRCROOT%", "uri"); got != "file:///repo/" {
		t.Errorf("originalUriBaseIds[%%SRCROOT%%].uri = %v", got)
	}
	rs := get(run, "tool", "driver", "rules")
	wantURI := map[string]string{
		"/repo/src/main.rs":          "src/main.rs",
		"/repo/src/net/my server.rs": "src/net/my%20server.rs",
		"/repo/src/ünïcode.rs":       "src/%C3%BCn%C3%AFcode.rs",
	}
	for i, f := range fs {
		res := get(run, "results", i)
		if get(res, "ruleId") != f.Rule {
			t.Errorf("result %d: ruleId = %v, want %s", i, get(res, "ruleId"), f.Rule)
		}
		if idx := num(get(res, "ruleIndex")); get(rs, idx, "id") != f.Rule {
			t.Errorf("result %d: ruleIndex %d is rule %v, want %s", i, idx, get(rs, idx, "id"), f.Rule)
		}
		if get(res, "level") != levelName(f.Level) {
			t.Errorf("result %d: level = %v", i, get(res, "level"))
		}
		if text, _ := get(res, "message", "text").(string); !strings.HasPrefix(text, f.Message) || !strings.Contains(text, f.Help) {
			t.Errorf("result %d: message.text = %q", i, text)
		}
		if locs, _ := get(res, "locations").([]any); len(locs) != 1 {
			t.Errorf("result %d: %d locations, want 1", i, len(locs))
		}
		pl := get(res, "locations", 0, "physicalLocation")
		if got := get(pl, "artifactLocation", "uri"); got != wantURI[f.Path] {
			t.Errorf("result %d: uri = %v, want %s", i, got, wantURI[f.Path])
		}
		if got := get(pl, "artifactLocation", "uriBaseId"); got != "%SRCROOT%" {
			t.Errorf("result %d: uriBaseId = %v", i, got)
		}
		reg := get(pl, "region")
		got := [4]int{num(get(reg, "startLine")), num(get(reg, "startColumn")), num(get(reg, "endLine")), num(get(reg, "endColumn"))}
		want := [4]int{f.Span.Start.Line, f.Span.Start.ColUTF16, f.Span.End.Line, f.Span.End.ColUTF16}
		if got != want {
			t.Errorf("result %d: region = %v, want %v", i, got, want)
		}
		if got := get(res, "partialFingerprints", "primaryLocationLineHash"); got != f.Fingerprint || f.Fingerprint == "" {
			t.Errorf("result %d: primaryLocationLineHash = %v, want %q", i, got, f.Fingerprint)
		}
		rel, _ := get(res, "relatedLocations").([]any)
		if len(rel) != len(f.Related) {
			t.Errorf("result %d: %d related locations, want %d", i, len(rel), len(f.Related))
		}
		for j, r := range f.Related {
			if num(get(rel, j, "id")) != j+1 || get(rel, j, "message", "text") != r.Message ||
				num(get(rel, j, "physicalLocation", "region", "startLine")) != r.Span.Start.Line {
				t.Errorf("result %d: related %d = %v", i, j, get(rel, j))
			}
		}
	}
	// The first finding's span holds an astral character: its end column in UTF-16 units
	// is one more than in characters.
	if e := fs[0].Span.End; e.ColUTF16 != e.Col+1 || num(get(run, "results", 0, "locations", 0, "physicalLocation", "region", "endColumn")) != e.Col+1 {
		t.Errorf("endColumn is not in UTF-16 units: %+v", e)
	}
}

func TestSARIFSuppressions(t *testing.T) {
	fs := testFindings(t)
	run := get(sarifDoc(t, fs, nil, testOptions()), "runs", 0)
	for i, f := range fs {
		sup := get(run, "results", i, "suppressions")
		switch {
		case !f.Suppressed && sup != nil:
			t.Errorf("result %d is not suppressed but has suppressions %v", i, sup)
		case f.Suppressed:
			want := []any{map[string]any{"kind": "inSource"}}
			if f.Justification != "" {
				want[0].(map[string]any)["justification"] = f.Justification
			}
			if !reflect.DeepEqual(sup, want) {
				t.Errorf("result %d: suppressions = %v, want %v", i, sup, want)
			}
		}
	}
}

func TestSARIFCategory(t *testing.T) {
	o := testOptions()
	if got := get(sarifDoc(t, nil, nil, o), "runs", 0, "automationDetails"); got != nil {
		t.Errorf("automationDetails = %v without a category", got)
	}
	o.Category = "rustaudit/crates/"
	if got := get(sarifDoc(t, nil, nil, o), "runs", 0, "automationDetails", "id"); got != o.Category {
		t.Errorf("automationDetails.id = %v, want %s", got, o.Category)
	}
}

func TestSARIFInvocation(t *testing.T) {
	o := testOptions()
	inv := get(sarifDoc(t, nil, testNotes, o), "runs", 0, "invocations", 0)
	if got := get(inv, "executionSuccessful"); got != false {
		t.Errorf("executionSuccessful = %v with an error notification", got)
	}
	ns, _ := get(inv, "toolExecutionNotifications").([]any)
	if len(ns) != len(testNotes) {
		t.Fatalf("%d notifications, want %d", len(ns), len(testNotes))
	}
	for i, n := range testNotes {
		sn := ns[i]
		if get(sn, "level") != notificationLevel(n.Level) || get(sn, "message", "text") != n.Message {
			t.Errorf("notification %d = %v", i, sn)
		}
		uri := get(sn, "locations", 0, "physicalLocation", "artifactLocation", "uri")
		line := num(get(sn, "locations", 0, "physicalLocation", "region", "startLine"))
		if want, _ := insideRel("/repo", n.Path); (n.Path == "" && uri != nil) || (n.Path != "" && uri != want) || line != n.Line {
			t.Errorf("notification %d: uri %v line %d, want %q line %d", i, uri, line, n.Path, n.Line)
		}
		if rule := get(sn, "associatedRule", "id"); (n.Rule == "" && rule != nil) || (n.Rule != "" && rule != n.Rule) {
			t.Errorf("notification %d: associatedRule.id = %v, want %q", i, rule, n.Rule)
		}
	}
	if get(ns, 1, "associatedRule", "index") != 2.0 {
		t.Errorf("associatedRule.index = %v, want 2", get(ns, 1, "associatedRule", "index"))
	}

	for _, notes := range [][]finding.Notification{nil, {{Level: finding.LevelWarning, Message: "w"}}} {
		inv := get(sarifDoc(t, nil, notes, o), "runs", 0, "invocations", 0)
		if got := get(inv, "executionSuccessful"); got != true {
			t.Errorf("executionSuccessful = %v with notifications %v", got, notes)
		}
		if ns, ok := get(inv, "toolExecutionNotifications").([]any); !ok || len(ns) != len(notes) {
			t.Errorf("toolExecutionNotifications = %v", get(inv, "toolExecutionNotifications"))
		}
	}
}

func TestSARIFPaths(t *testing.T) {
	f := finding.Finding{Rule: "detached_task", Level: finding.LevelWarning, Message: "m",
		Span: finding.Span{Start: finding.Pos{Line: 1, Col: 1, ColUTF16: 1}, End: finding.Pos{Line: 1, Col: 2, ColUTF16: 2}}}
	uri := func(o Options, path string) (any, any, any) {
		f.Path = path
		run := get(sarifDoc(t, []finding.Finding{f}, nil, o), "runs", 0)
		al := get(run, "results", 0, "locations", 0, "physicalLocation", "artifactLocation")
		return get(al, "uri"), get(al, "uriBaseId"), get(run, "originalUriBaseIds", "%SRCROOT%", "uri")
	}
	cases := []struct {
		o                  Options
		path               string
		uri, base, rootURI any
	}{
		// Relative to the repository root, not to the current directory.
		{Options{CWD: "/work/repo/crates", RepoRoot: "/work/repo"}, "/work/repo/crates/a/src/lib.rs", "crates/a/src/lib.rs", "%SRCROOT%", "file:///work/repo/"},
		// No repository: the current directory is the root.
		{Options{CWD: "/work/my repo"}, "/work/my repo/src/lib.rs", "src/lib.rs", "%SRCROOT%", "file:///work/my%20repo/"},
		// Characters that must be percent-encoded, segment by segment.
		{Options{RepoRoot: "/r"}, "/r/a b/c#d?e%f/ü,x;y.rs", "a%20b/c%23d%3Fe%25f/%C3%BC%2Cx%3By.rs", "%SRCROOT%", "file:///r/"},
		// Outside the root: an absolute file URI.
		{Options{RepoRoot: "/r"}, "/elsewhere/x y.rs", "file:///elsewhere/x%20y.rs", nil, "file:///r/"},
	}
	for _, c := range cases {
		u, b, r := uri(c.o, c.path)
		if u != c.uri || b != c.base || r != c.rootURI {
			t.Errorf("%s with %+v: uri %v base %v root %v, want %v %v %v", c.path, c.o, u, b, r, c.uri, c.base, c.rootURI)
		}
	}
}

// TestSARIFValidates validates every SARIF golden, and a log describing the real rules,
// against the SARIF 2.1.0 schema (the copy go-sarif embeds).
func TestSARIFValidates(t *testing.T) {
	goldens, _ := filepath.Glob(filepath.Join(goldenDir, "sarif*.golden"))
	if len(goldens) < 2 {
		t.Fatalf("found %d SARIF goldens", len(goldens))
	}
	logs := map[string][]byte{}
	for _, g := range goldens {
		data, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		logs[filepath.Base(g)] = data
	}
	o := testOptions()
	o.Rules, o.Levels, o.Category = rules.Infos(rules.All), nil, "rustaudit/"
	logs["real rules"] = render(t, SARIF, testFindings(t), testNotes, o)

	for name, data := range logs {
		rep, err := sarif.FromBytes(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := rep.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		// What was validated is what was written.
		var b bytes.Buffer
		if err := writeJSON(&b, rep); err != nil {
			t.Fatal(err)
		}
		var written, validated any
		json.Unmarshal(data, &written)
		json.Unmarshal(b.Bytes(), &validated)
		if !reflect.DeepEqual(written, validated) {
			t.Errorf("%s: the log changed on its way through go-sarif:\n%s", name, b.Bytes())
		}
	}
}

// TestSARIFRealRules describes the registry's rules: every one must have what GitHub shows.
func TestSARIFRealRules(t *testing.T) {
	o := testOptions()
	o.Rules, o.Levels = rules.Infos(rules.All), nil
	rs, _ := get(sarifDoc(t, nil, nil, o), "runs", 0, "tool", "driver", "rules").([]any)
	if len(rs) != len(rules.All) {
		t.Fatalf("%d rules, want %d", len(rs), len(rules.All))
	}
	for i, r := range rules.All {
		d := rs[i]
		for _, key := range [][]any{{"id"}, {"name"}, {"shortDescription", "text"}, {"fullDescription", "text"},
			{"help", "text"}, {"help", "markdown"}, {"defaultConfiguration", "level"}, {"properties", "precision"},
			{"properties", "problem.severity"}} {
			if s, _ := get(d, key...).(string); s == "" {
				t.Errorf("%s: %v is empty", r.ID, key)
			}
		}
		if tags, _ := get(d, "properties", "tags").([]any); len(tags) == 0 {
			t.Errorf("%s: no tags", r.ID)
		}
		if get(d, "name") != camelCase(r.ID) || strings.Contains(camelCase(r.ID), "_") {
			t.Errorf("%s: name %v", r.ID, get(d, "name"))
		}
	}
}

func TestCamelCase(t *testing.T) {
	for in, want := range map[string]string{"lock_across_await": "LockAcrossAwait", "a": "A", "x_y_z": "XYZ", "": ""} {
		if got := camelCase(in); got != want {
			t.Errorf("camelCase(%q) = %q, want %q", in, got, want)
		}
	}
}
