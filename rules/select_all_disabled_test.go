package rules

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/parser"
)

func TestPatternRefutability(t *testing.T) {
	cases := []struct {
		pat  string
		want Refutability
	}{
		{"_", Irrefutable},
		{"msg", Irrefutable},
		{"(mut msg, _)", Irrefutable},
		{"ref msg", Irrefutable},
		{"&msg", Irrefutable},
		{"(a, _)", Irrefutable},
		{"(a, ..)", Irrefutable},
		{"Point { x, y: _ }", Irrefutable},
		{"Point { x, .. }", Irrefutable},
		{"all @ _", Irrefutable},
		{"Ok(v) | Err(v)", RefutabilityUnknown},
		{"Pair(a, b)", RefutabilityUnknown},
		{"UNIT", RefutabilityUnknown},
		{"[a, b]", RefutabilityUnknown},
		{"Some(x)", Refutable},
		{"Some(_)", Refutable},
		{"None", Refutable},
		{"Ok(())", Refutable},
		{"Err(e)", Refutable},
		{"Poll::Ready(v)", Refutable},
		{"Msg::Data(d)", Refutable},
		{"Self::Stop", Refutable},
		{"Msg::Move { x, y }", Refutable},
		{"std::cmp::Ordering::Less", Refutable},
		{"Pair(Some(a), b)", Refutable},
		{"Point { x: 0, y }", Refutable},
		{"(Some(a), b)", Refutable},
		{"&Some(a)", Refutable},
		{"v @ Some(_)", Refutable},
		{"Some(1) | Some(2)", Refutable},
		{"true", Refutable},
		{"0", Refutable},
		{"-1", Refutable},
		{"'a'..='z'", Refutable},
		{`"quit"`, Refutable},
	}
	p := parser.NewParser()
	defer p.Close()
	for _, c := range cases {
		src := "async fn f() { tokio::select! { " + c.pat + " = fut() => {} } }\n"
		tr, err := p.Parse("x.rs", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		var pat parser.NodeID = parser.None
		tr.Walk(0, func(n parser.NodeID) bool {
			if tr.Is(n, parser.KSelectBranch) {
				pat = tr.Field(n, parser.FPattern)
			}
			return pat < 0
		})
		if pat < 0 {
			t.Errorf("%s: no pattern parsed", c.pat)
			continue
		}
		if got := PatternRefutability(tr, pat); got != c.want {
			t.Errorf("%s: got %d, want %d (%s)", c.pat, got, c.want, tr.String(pat))
		}
	}
}

// TestSelectAllDisabledNamesEveryWay: a branch with a precondition and a refutable pattern
// whose inner pattern is refutable too (`Some(Ok(x)) = futs.next(), if !futs.is_empty()`)
// is disabled three ways, and the message names all three: the precondition, the end of the
// stream, and an item that is an `Err`.
func TestSelectAllDisabledNamesEveryWay(t *testing.T) {
	src := []byte(`use futures::stream::{FuturesUnordered, StreamExt};
pub async fn listen(l: tokio::net::TcpListener, max: usize) {
    let mut futs = FuturesUnordered::new();
    loop {
        tokio::select! {
            r = l.accept(), if futs.len() < max => {
                if let Ok((sock, _)) = r {
                    futs.push(async move { check(sock).await });
                }
            }
            Some(Ok(conn)) = futs.next(), if !futs.is_empty() => drop(conn),
        }
    }
}
async fn check(s: tokio::net::TcpStream) -> Result<tokio::net::TcpStream, ()> { Ok(s) }
`)
	fs, _ := analyzeSources(t, SelectAllDisabled, "/crate", map[string][]byte{"/crate/src/lib.rs": src})
	if len(fs) != 1 {
		t.Fatalf("want 1 finding, got %d", len(fs))
	}
	var rel []string
	for _, r := range fs[0].Related {
		rel = append(rel, r.Message)
	}
	all := strings.Join(rel, "\n")
	for _, want := range []string{"precondition `!futs.is_empty()` is false", "once the stream has ended", "does not match `Ok(conn)`"} {
		if !strings.Contains(all, want) {
			t.Errorf("related messages do not say %q:\n%s", want, all)
		}
	}
}
