package cfg

import "testing"

func TestCrateFnsDiverges(t *testing.T) {
	c := NewCrateFns([]FnDecl{
		{Name: "die", Scope: "fail", Never: true},
		{Name: "die", Scope: "quiet"},
		{Name: "abort_all", Scope: "util", Never: true},
		{Name: "fatal", Scope: "Job", Method: true, Never: true},
		{Name: "report", Scope: "Job", Method: true},
		{Name: "report", Scope: "Report", Method: true, Never: true},
		{Name: "helper", Scope: "util"},
	})
	for _, tc := range []struct {
		resolved     string
		method       bool
		module, impl string
		want         bool
	}{
		{"abort_all", false, "tasks", "", true}, // one fn of that name, anywhere
		{"util::abort_all", false, "tasks", "", true},
		{"crate::util::abort_all", false, "tasks", "", true},
		{"other::abort_all", false, "tasks", "", false}, // another module's (or crate's)
		{"die", false, "tasks", "", false},              // fail::die or quiet::die
		{"die", false, "fail", "", true},                // the caller's own module's
		{"die", false, "quiet", "", false},
		{"crate::fail::die", false, "tasks", "", true},
		{"quiet::die", false, "tasks", "", false},
		{"fatal", true, "tasks", "Job", true}, // self.fatal()
		{"Self::fatal", false, "tasks", "Job", true},
		{"Job::fatal", false, "tasks", "", true},
		{"fatal", false, "tasks", "", false},      // no free fn of that name
		{"report", true, "tasks", "Job", false},   // Job::report returns
		{"report", true, "tasks", "Report", true}, // Report::report does not
		{"report", true, "tasks", "", false},      // either
		{"helper", false, "tasks", "", false},     // not a name declared `-> !`
	} {
		if got := c.diverges(tc.resolved, tc.method, tc.module, tc.impl); got != tc.want {
			t.Errorf("%q method=%v in %s/%s: diverges %v, want %v", tc.resolved, tc.method, tc.module, tc.impl, got, tc.want)
		}
	}
	if NewCrateFns([]FnDecl{{Name: "run", Scope: "crate"}}) != nil {
		t.Error("a crate without `-> !` fns has an index")
	}
}

func TestCrateFnsMayCall(t *testing.T) {
	c := NewCrateFns([]FnDecl{{Name: "die", Scope: "fail", Never: true}})
	for src, want := range map[string]bool{
		"fn f() { die(1) }":           true,
		"fn f() { fail::die (1) }":    true,
		"fn f() { die::<u8>() }":      true,
		"fn f() { undie(1) }":         false,
		"fn f() { let die = 1; die }": false,
		"fn f() { dies(1) }":          false,
	} {
		if got := c.MayCall([]byte(src)); got != want {
			t.Errorf("MayCall(%q) = %v, want %v", src, got, want)
		}
	}
}

// Track keeps the names the graphs asked about, with or without the crate's fns: a file
// whose names the crate does not declare `-> !` has the same graphs once they are known.
func TestTrackMayAsk(t *testing.T) {
	tree := parse(t, "fn f() { util::die(1); self::run(); x.stop(); }\nimpl S { fn g(&self) { self.halt() } }")
	asked, done := Track(tree, nil)
	defer done()
	for _, fn := range fns(tree) {
		Of(tree, fn)
	}
	got := asked()
	for name, want := range map[string]bool{"die": true, "run": true, "halt": true, "stop": false, "f": false} {
		c := NewCrateFns([]FnDecl{{Name: name, Scope: "util", Never: true}})
		if c.MayAsk(got) != want {
			t.Errorf("MayAsk with %q declared `-> !` = %v, want %v", name, !want, want)
		}
	}
	var none *CrateFns
	if none.MayAsk(got) {
		t.Error("MayAsk of no crate fns = true")
	}
}
