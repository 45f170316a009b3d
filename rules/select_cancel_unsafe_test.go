package rules

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
)

// scuFindingsByLine returns the findings of select_cancel_unsafe in one fixture file, keyed
// by the finding's line text.
func scuFindingsByLine(t *testing.T, file string) map[string]finding.Finding {
	return findingsByLine(t, SelectCancelUnsafe, file)
}

// TestSelectCancelUnsafeLevels checks that waiting in a fair queue is a note and losing data
// a warning.
func TestSelectCancelUnsafeLevels(t *testing.T) {
	cases := []struct {
		file, line string
		want       Level
	}{
		{"queues.rs", "mut guard = state.lock() => guard.push(0),", LevelNote},
		{"queues.rs", "cfg = config.read() => println!(\"{}\", *cfg),", LevelNote},
		{"queues.rs", "mut cfg = config.write() => cfg.push('!'),", LevelNote},
		{"queues.rs", "permit = limit.acquire() => drop(permit),", LevelNote},
		{"queues.rs", "permit = limit.clone().acquire_owned() => drop(permit),", LevelNote},
		{"queues.rs", "stream.read_exact(&mut buf).await", LevelWarning},
		{"io_reads.rs", "res = stream.read_exact(&mut header) => {", LevelWarning},
		{"channels.rs", "res = out.send(line) => {", LevelWarning},
	}
	byFile := map[string]map[string]finding.Finding{}
	for _, c := range cases {
		if byFile[c.file] == nil {
			byFile[c.file] = scuFindingsByLine(t, c.file)
		}
		got, ok := byFile[c.file][c.line]
		if !ok {
			t.Errorf("%s: no finding on `%s`", c.file, c.line)
			continue
		}
		if got.Level != c.want {
			t.Errorf("%s: `%s`: level %v, want %v", c.file, c.line, got.Level, c.want)
		}
	}
}

// TestSelectCancelUnsafeMessages checks that a finding names the call, what is lost, the
// loop and the branch that can win.
func TestSelectCancelUnsafeMessages(t *testing.T) {
	f, ok := scuFindingsByLine(t, "io_reads.rs")["res = stream.read_exact(&mut header) => {"]
	if !ok {
		t.Fatal("no finding on the read_exact branch")
	}
	for _, want := range []string{"`stream.read_exact(&mut header)`", "not cancellation safe", "already read"} {
		if !strings.Contains(f.Message, want) {
			t.Errorf("message %q does not contain %q", f.Message, want)
		}
	}
	if !strings.Contains(f.Help, "&mut fut") || !strings.Contains(f.Help, "read_buf") {
		t.Errorf("help %q does not give both fixes", f.Help)
	}
	if len(f.Related) != 2 || !strings.Contains(f.Related[0].Message, "loop") || !strings.Contains(f.Related[1].Message, "can complete first") {
		t.Errorf("related = %+v, want the loop and the winning branch", f.Related)
	}
	// The winning branch is `Some(cmd) = cmds.recv()`, not the `break` one.
	if f.Related[1].Span.Start.Line != f.Span.Start.Line+6 {
		t.Errorf("winning branch on line %d, want %d", f.Related[1].Span.Start.Line, f.Span.Start.Line+6)
	}
	g, ok := scuFindingsByLine(t, "pinned.rs")["let read = stream.read_exact(&mut buf);"]
	if !ok {
		t.Fatal("no finding on the let in the loop")
	}
	if len(g.Related) != 3 || !strings.Contains(g.Related[1].Message, "polls it") {
		t.Errorf("related = %+v, want the loop, the polling branch and the winning branch", g.Related)
	}
}

// TestSelectCancelUnsafeOptions checks that configuration extends the table: extra unsafe
// methods and paths, and cancel-safe names that override the built-in rows.
func TestSelectCancelUnsafeOptions(t *testing.T) {
	src := `use tokio::sync::mpsc;
use mycrate::io::copy_frames;

async fn run(mut conn: Conn, tx: mpsc::Sender<u32>, mut rx: mpsc::Receiver<u32>, mut buf: Vec<u8>) {
    loop {
        tokio::select! {
            f = conn.read_frame() => println!("{f:?}"),
            f = conn.read_header() => println!("{f:?}"),
            r = copy_frames(&mut conn) => println!("{r:?}"),
            r = conn.fill(&mut buf) => println!("{r:?}"),
            r = tx.send(7) => println!("{r:?}"),
            r = conn.read_exact(&mut buf) => println!("{r:?}"),
            Some(v) = rx.recv() => println!("{v}"),
        }
    }
}
`
	settings := &Settings{Levels: map[string]Level{}, Options: map[string]map[string]any{
		SelectCancelUnsafe.ID: {
			"not_cancel_safe": []any{"read_frame", ".read_header", "mycrate::io::copy_frames", "mycrate::Conn::fill"},
			"cancel_safe":     []any{"read_exact"},
		},
	}}
	eng := NewEngine([]*Rule{SelectCancelUnsafe}, settings)
	p := parser.NewParser()
	defer p.Close()
	tree, err := p.Parse("lib.rs", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res := eng.Analyze(tree, FileInfo{Path: "lib.rs", Crate: ".", Edition: "2021"})
	findings, _ := Settle([]*FileResult{res})
	var lines []int
	for _, f := range findings {
		lines = append(lines, f.Span.Start.Line)
		if !strings.Contains(f.Message, "not_cancel_safe") {
			t.Errorf("line %d: message does not say the call comes from the option: %s", f.Span.Start.Line, f.Message)
		}
	}
	// tx.send(7) is a constant message: quiet with or without configuration.
	want := []int{7, 8, 9, 10}
	if len(lines) != len(want) {
		t.Fatalf("findings on lines %v, want %v", lines, want)
	}
	for i := range want {
		if lines[i] != want[i] {
			t.Fatalf("findings on lines %v, want %v", lines, want)
		}
	}
}

// TestSelectCancelUnsafeTable keeps the table coherent: every row has names and says whose
// method it is; unsafe and queue rows say what is lost and what to do instead.
func TestSelectCancelUnsafeTable(t *testing.T) {
	seen := map[string]cancelArgs{}
	for _, e := range cancelSafetyTable {
		if len(e.Names) == 0 || e.Of == "" {
			t.Errorf("row %+v: no names or no receiver hint", e)
		}
		if e.Safety != cancelSafe && (e.Lost == "" || e.Fix == "") {
			t.Errorf("row %v: unsafe row without Lost or Fix", e.Names)
		}
		for _, n := range e.Names {
			if prev, ok := seen[n]; ok && (prev == e.Args || prev == cancelArgsAny || e.Args == cancelArgsAny) {
				t.Errorf("%s: in two rows with overlapping argument shapes", n)
			}
			seen[n] = e.Args
		}
	}
	if len(cancelNumberMethods("read_")) != 20 {
		t.Errorf("read_<number> methods: %d, want 20", len(cancelNumberMethods("read_")))
	}
}
