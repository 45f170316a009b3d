package rules

import (
	"strings"
	"testing"

	"github.com/rustaudit/rustaudit/finding"
)

// The end of a channel, written as a closed-channel error, is named in the message, and an arm
// of its own for it is a note whatever the type's visibility; any other error outcome that
// returns Pending stays the lost wake-up.
func TestPendingWithoutWakerClosedErrorArm(t *testing.T) {
	src := []byte(`use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
pub struct Stop { rx: tokio::sync::oneshot::Receiver<u8> }
impl Future for Stop {
    type Output = u8;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        match Pin::new(&mut self.rx).poll(cx) {
            Poll::Ready(Ok(v)) => Poll::Ready(v),
            Poll::Ready(Err(RecvError)) => Poll::Pending,
            Poll::Pending => Poll::Pending,
        }
    }
}
pub struct Job { rx: tokio::sync::oneshot::Receiver<Result<u8, String>> }
impl Future for Job {
    type Output = u8;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<u8> {
        match Pin::new(&mut self.rx).poll(cx) {
            Poll::Ready(Ok(Ok(v))) => Poll::Ready(v),
            Poll::Ready(Ok(Err(_))) => Poll::Pending,
            Poll::Ready(Err(_)) | Poll::Pending => Poll::Pending,
        }
    }
}
`)
	fs, _ := analyzeSources(t, PendingWithoutWaker, "/crate", map[string][]byte{"/crate/src/lib.rs": src})
	if len(fs) != 3 {
		t.Fatalf("want 3 findings, got %d: %v", len(fs), fs)
	}
	byLine := map[int]finding.Finding{}
	for _, f := range fs {
		byLine[f.Span.Start.Line] = f
	}
	stop := byLine[10]
	if stop.Level != LevelNote || !strings.Contains(stop.Message, "`Poll::Ready(Err(RecvError))`) into `Poll::Pending` for good") ||
		!strings.Contains(strings.Join(stop.Notes, "\n"), "a match arm of its own (line 10)") {
		t.Errorf("closed arm of its own: want a note naming the end, got %s %q %q", stop.Level, stop.Message, stop.Notes)
	}
	for _, line := range []int{21, 22} {
		f := byLine[line]
		if f.Level != LevelWarning || strings.Contains(f.Message, "for good") {
			t.Errorf("line %d: an error that is not the end (or `Err(_)`, which the rule cannot tell) is a lost wake-up warning, got %s %q", line, f.Level, f.Message)
		}
	}
}
