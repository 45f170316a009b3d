package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/scan"
)

// bigFile writes about n lines of Rust in the proportions of an async service's module:
// blocks of about 20 lines that cycle through an async fn with a select! in a loop, one
// that spawns and locks, a struct with its impl, a sync fn with a match, and unit tests;
// some are bugs (blocking I/O, a buffer sized by another file's const held across an
// .await), most are their harmless look-alikes.
func bigFile(n int) string {
	blocks := []string{`pub async fn pump_%[1]d(mut rx: tokio::sync::mpsc::Receiver<u32>) -> u32 {
    let mut tick = tokio::time::interval(std::time::Duration::from_millis(10));
    let mut total = 0;
    loop {
        tokio::select! {
            _ = tick.tick() => {}
            v = rx.recv() => match v {
                Some(v) => total += v,
                None => break,
            },
        }
    }
    if total %% 7 == 0 {
        let _ = std::fs::read("/tmp/y");
    }
    total
}

`, `pub async fn worker_%[1]d(state: Arc<Mutex<Vec<u8>>>, std_lock: Arc<std::sync::Mutex<u32>>) -> std::io::Result<usize> {
    let guard = std_lock.lock().unwrap();
    let n = *guard as usize + %[1]d;
    drop(guard);
    let mut buf = [0u8; READ_BUF];
    let text = tokio::fs::read_to_string("/tmp/x").await?;
    buf[0] = text.len() as u8;
    state.lock().await.push(buf[0]);
    let handle = tokio::spawn(async move { n * 2 });
    Ok(handle.await.unwrap_or(0) + buf.len())
}

`, `#[derive(Debug, Clone, Default)]
pub struct Settings%[1]d {
    pub name: String,
    pub retries: u32,
    pub timeout: std::time::Duration,
}

impl Settings%[1]d {
    pub fn new(name: &str) -> Self {
        Self { name: name.to_string(), retries: 3, timeout: std::time::Duration::from_secs(5) }
    }

    pub fn with_retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }
}

`, `pub fn classify_%[1]d(code: u16) -> &'static str {
    match code {
        200..=299 => "ok",
        300..=399 => "redirect",
        400 => "bad request",
        401 | 403 => "denied",
        404 => "not found",
        429 => "slow down",
        500..=599 => "server error",
        _ => "unknown",
    }
}

`, `#[cfg(test)]
mod tests_%[1]d {
    use super::*;

    #[test]
    fn classifies() {
        assert_eq!(classify_%[1]d(200), "ok");
        assert_eq!(classify_%[1]d(404), "not found");
    }

    #[tokio::test]
    async fn settles() {
        let s = Settings%[1]d::new("x").with_retries(1);
        tokio::time::sleep(s.timeout / 1000).await;
        assert_eq!(s.retries, 1);
    }
}

`}
	var b strings.Builder
	b.WriteString("use std::sync::Arc;\nuse tokio::sync::Mutex;\nuse crate::config::READ_BUF;\n\n")
	lines := 4
	for i := 0; lines < n; i++ {
		// Each kind of block uses the same number, so that tests find their functions.
		block := fmt.Sprintf(blocks[i%len(blocks)], i/len(blocks))
		b.WriteString(block)
		lines += strings.Count(block, "\n")
	}
	return b.String()
}

// cpuTime is the CPU time the process has used. On a machine shared with other work, CPU
// time per operation says what an edit costs better than wall time, which includes waiting
// for a core.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds the CPU time per operation since start to b's metrics.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N)/1e6, "cpu-ms/op")
}

// BenchmarkSessionEdit is one edit of a 2,000-line file at the scan layer: the file is
// parsed and analysed again from its new content and its crate settled again. With
// RUSTAUDIT_LSP_BENCH_FILE set, the file named there is edited instead, its whole crate
// (the directory of its nearest Cargo.toml) scanned first.
func BenchmarkSessionEdit(b *testing.B) {
	src := bigFile(2000)
	root := workspace(b, files{"src/lib.rs": "mod config;\nmod conn;\nmod big;\n", "src/config.rs": configRS,
		"src/conn.rs": connRS, "src/big.rs": src})
	big := filepath.Join(root, "src", "big.rs")
	if f := os.Getenv("RUSTAUDIT_LSP_BENCH_FILE"); f != "" {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		big, _ = filepath.Abs(f)
		src = string(data)
		root = filepath.Dir(big)
		for d := root; filepath.Dir(d) != d; d = filepath.Dir(d) {
			if _, err := os.Stat(filepath.Join(d, "Cargo.toml")); err == nil {
				root = d
				break
			}
		}
	}
	s := scan.NewSession(scan.Options{Engine: rules.NewEngine(rules.All, nil), Jobs: 1})
	defer s.Close()
	if _, err := s.Scan(context.Background(), []string{root}); err != nil {
		b.Fatal(err)
	}
	// An edit that changes no line count: one character of the middle line, and back.
	mid := len(src) / 2
	for mid < len(src) && src[mid] != '\n' {
		mid++
	}
	edited := src[:mid] + " " + src[mid:]
	edits := [2][]byte{[]byte(src), []byte(edited)}
	crate := s.CrateOf(big)
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		s.Update(big, edits[i%2])
		s.Settle(crate)
	}
	reportCPU(b, cpu)
	b.ReportMetric(float64(strings.Count(src, "\n")), "lines")
	b.ReportMetric(float64(len(s.Files(crate))), "crate-files")
}

// BenchmarkAnalyseOnly and BenchmarkSettleOnly split BenchmarkSessionEdit in its two steps.
func BenchmarkAnalyseOnly(b *testing.B) { benchStep(b, true) }
func BenchmarkSettleOnly(b *testing.B)  { benchStep(b, false) }

func benchStep(b *testing.B, analyse bool) {
	src := bigFile(2000)
	root := workspace(b, files{"src/lib.rs": "mod config;\nmod conn;\nmod big;\n", "src/config.rs": configRS,
		"src/conn.rs": connRS, "src/big.rs": src})
	big := filepath.Join(root, "src", "big.rs")
	s := scan.NewSession(scan.Options{Engine: rules.NewEngine(rules.All, nil), Jobs: 1})
	defer s.Close()
	if _, err := s.Scan(context.Background(), []string{root}); err != nil {
		b.Fatal(err)
	}
	crate := s.CrateOf(big)
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if analyse {
			s.Update(big, []byte(src))
		} else {
			s.Settle(crate)
		}
	}
	reportCPU(b, cpu)
}

// BenchmarkDidChange is an edit as an editor sees it: a didChange of one character in a
// 2,000-line file sent over JSON-RPC, until the publishDiagnostics of that version arrives.
func BenchmarkDidChange(b *testing.B) {
	src := bigFile(2000)
	root := workspace(b, files{"src/lib.rs": "mod config;\nmod conn;\nmod big;\n", "src/config.rs": configRS,
		"src/conn.rs": connRS, "src/big.rs": src})
	big := filepath.Join(root, "src", "big.rs")
	c, _ := start(b, root, nil)
	c.open(big, src, 1)
	p := c.waitDiags(big, version(1))
	defer b.ReportMetric(float64(len(p.Diagnostics)), "diagnostics")
	// The digit of the first `let n = *guard as usize + 0;` goes 0 -> 1 -> 0.
	row := 0
	lines := strings.Split(src, "\n")
	for !strings.Contains(lines[row], "usize + 0;") {
		row++
	}
	at := Position{Line: row, Character: strings.Index(lines[row], "0;")}
	b.ResetTimer()
	cpu := cpuTime()
	defer reportCPU(b, cpu)
	for i := 0; i < b.N; i++ {
		v := i + 2
		c.change(big, v, TextDocumentContentChangeEvent{Range: &Range{Start: at, End: Position{Line: at.Line, Character: at.Character + 1}},
			Text: fmt.Sprint(v % 2)})
		c.waitDiags(big, version(v))
	}
}
