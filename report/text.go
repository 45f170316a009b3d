package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"github.com/rustaudit/rustaudit/finding"
)

// Text writes the findings the way rustc and Clippy write diagnostics: a header, the
// location, the source line with carets under the span, then notes and help, and a summary
// line at the end (nothing at all when there is no finding). Notifications are not written
// here: the caller writes them to stderr with Notifications.
func Text(w io.Writer, fs []finding.Finding, notes []finding.Notification, o Options) error {
	p := painter(o.Color)
	var b bytes.Buffer
	var counts [finding.LevelError + 1]int
	suppressed := 0
	for _, f := range o.visible(fs) {
		writeFinding(&b, p, f, o)
		if f.Suppressed {
			suppressed++
		} else {
			counts[levelIndex(f.Level)]++
		}
	}
	writeSummary(&b, p, counts, suppressed)
	_, err := w.Write(b.Bytes())
	return err
}

// Notifications writes one line per notification: `error: path:line: message`, with the
// path relative to o.CWD, `(rule id)` appended when a rule is involved.
func Notifications(w io.Writer, notes []finding.Notification, o Options) {
	p := painter(o.Color)
	var b bytes.Buffer
	for _, n := range notes {
		lvl := notificationLevel(n.Level)
		msg := ""
		if n.Path != "" {
			msg = relPath(o.CWD, n.Path)
			if n.Line > 0 {
				msg += ":" + strconv.Itoa(n.Line)
			}
			msg += ": "
		}
		msg += n.Message
		if n.Rule != "" {
			msg += " (rule " + n.Rule + ")"
		}
		b.WriteString(p.paint(levelColor(lvl), lvl) + p.paint(bold, ": "+msg) + "\n")
	}
	w.Write(b.Bytes())
}

func writeFinding(b *bytes.Buffer, p painter, f finding.Finding, o Options) {
	lvl := levelName(f.Level)
	path := relPath(o.CWD, f.Path)
	start := f.Span.Start
	num := strconv.Itoa(start.Line)
	pad := strings.Repeat(" ", len(num))
	gutter := pad + " " + p.paint(blue, "|")

	b.WriteString(p.paint(levelColor(lvl), lvl+"["+f.Rule+"]") + p.paint(bold, ": "+f.Message) + "\n")
	fmt.Fprintf(b, "%s%s %s:%d:%d\n", pad, p.paint(blue, "-->"), path, start.Line, start.Col)

	if f.Snippet != "" {
		line, before, under := caretLine(f.Snippet, f.Span)
		b.WriteString(gutter + "\n")
		b.WriteString(strings.TrimRight(p.paint(blue, num+" |")+" "+line, " ") + "\n")
		b.WriteString(gutter + " " + strings.Repeat(" ", before) + p.paint(levelColor(lvl), strings.Repeat("^", under)) + "\n")
	}

	var children [][2]string
	if f.Suppressed {
		msg := "suppressed in source"
		if f.Justification != "" {
			msg += ": " + f.Justification
		}
		children = append(children, [2]string{"note", msg})
	}
	for _, r := range f.Related {
		msg := r.Message
		if msg == "" {
			msg = "related location"
		}
		children = append(children, [2]string{"note", fmt.Sprintf("%s at %s:%d:%d", msg, path, r.Span.Start.Line, r.Span.Start.Col)})
	}
	for _, n := range f.Notes {
		children = append(children, [2]string{"note", n})
	}
	if f.Help != "" {
		children = append(children, [2]string{"help", f.Help})
	}
	for _, fx := range f.Fixes {
		switch {
		case fx.Suppress:
			// Every finding can be silenced: saying so each time would be noise.
		case fx.Applicability == finding.Certain:
			children = append(children, [2]string{"help", "a fix is available, and `--fix` applies it: " + fx.Description})
		default:
			children = append(children, [2]string{"help", "a fix that needs review is available, and `--fix-review` applies it: " + fx.Description})
		}
	}
	if len(children) > 0 {
		b.WriteString(gutter + "\n")
	}
	for _, c := range children {
		label := pad + " " + p.paint(blue, "=") + " " + p.paint(levelColor(c[0]), c[0]) + ": "
		indent := strings.Repeat(" ", len(pad)+len(" = ")+len(c[0])+len(": "))
		for i, l := range strings.Split(c[1], "\n") {
			if i == 0 {
				b.WriteString(label + l + "\n")
			} else {
				b.WriteString(strings.TrimRight(indent+l, " ") + "\n")
			}
		}
	}
	b.WriteString("\n")
}

// writeSummary writes rustc's closing line, e.g. `warning: 3 warnings emitted` or
// `error: 1 error, 2 warnings emitted`, with the most severe level as its label.
func writeSummary(b *bytes.Buffer, p painter, counts [finding.LevelError + 1]int, suppressed int) {
	var parts []string
	top := ""
	for _, l := range []finding.Level{finding.LevelError, finding.LevelWarning, finding.LevelNote} {
		if n := counts[l]; n > 0 {
			name := levelName(l)
			if top == "" {
				top = name
			}
			parts = append(parts, plural(n, name))
		}
	}
	msg := ""
	if len(parts) > 0 {
		msg = strings.Join(parts, ", ") + " emitted"
	}
	if suppressed > 0 {
		if msg != "" {
			msg += "; "
		} else {
			top = "note"
		}
		msg += plural(suppressed, "suppressed finding") + " shown"
	}
	if msg != "" {
		b.WriteString(p.paint(levelColor(top), top) + p.paint(bold, ": "+msg) + "\n")
	}
}

func plural(n int, s string) string {
	if n == 1 {
		return "1 " + s
	}
	return strconv.Itoa(n) + " " + s + "s"
}

func levelIndex(l finding.Level) finding.Level {
	switch {
	case l >= finding.LevelError:
		return finding.LevelError
	case l == finding.LevelWarning:
		return finding.LevelWarning
	}
	return finding.LevelNote
}

// caretLine returns the snippet as displayed (tabs expanded to four spaces, control and
// bidirectional-override characters replaced by visible ones), the display width before the
// span, and the number of carets under it: up to the end of the span, or to the end of the
// line for a span that goes on to later lines; at least one. Columns are counted in
// characters as Pos.Col is; widths follow the terminal (wide East Asian characters take two
// cells, combining marks none).
func caretLine(snippet string, span finding.Span) (line string, before, under int) {
	runes := []rune(snippet)
	from := clamp(span.Start.Col-1, 0, len(runes))
	to := len(runes)
	if span.End.Line == span.Start.Line {
		to = clamp(span.End.Col-1, from, len(runes))
	}
	var b strings.Builder
	for i, r := range runes {
		shown, width := displayRune(r)
		b.WriteString(shown)
		switch {
		case i < from:
			before += width
		case i < to:
			under += width
		}
	}
	return b.String(), before, max(under, 1)
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}

// displayRune returns how a character of a snippet is shown and its width in cells.
func displayRune(r rune) (string, int) {
	switch {
	case r == '\t':
		return "    ", 4
	case r < 0x20:
		return string(0x2400 + r), 1 // control pictures, as rustc shows them
	case r == 0x7f:
		return "\u2421", 1
	case (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || (r >= 0x80 && r < 0xa0):
		return "\uFFFD", 1 // never send bidirectional overrides or C1 controls to a terminal
	}
	return string(r), runeWidth(r)
}

// runeWidth is the number of terminal cells r takes: 0 for combining marks and zero-width
// characters, 2 for wide East Asian characters and emoji, 1 otherwise.
func runeWidth(r rune) int {
	switch {
	case r < 0x300:
		return 1
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) || (r >= 0x1160 && r <= 0x11ff):
		return 0
	case r >= 0x1100 && (r <= 0x115f || r == 0x2329 || r == 0x232a ||
		(r >= 0x2e80 && r <= 0xa4cf && r != 0x303f) ||
		(r >= 0xac00 && r <= 0xd7a3) ||
		(r >= 0xf900 && r <= 0xfaff) ||
		(r >= 0xfe10 && r <= 0xfe19) ||
		(r >= 0xfe30 && r <= 0xfe6f) ||
		(r >= 0xff00 && r <= 0xff60) ||
		(r >= 0xffe0 && r <= 0xffe6) ||
		(r >= 0x1f300 && r <= 0x1f64f) ||
		(r >= 0x1f680 && r <= 0x1f6ff) ||
		(r >= 0x1f900 && r <= 0x1f9ff) ||
		(r >= 0x20000 && r <= 0x3fffd)):
		return 2
	}
	return 1
}

// painter wraps text in ANSI colours when true.
type painter bool

const (
	bold   = "1"
	blue   = "1;34"
	red    = "1;31"
	yellow = "1;33"
	green  = "1;32"
	cyan   = "1;36"
)

func levelColor(level string) string {
	switch level {
	case "error":
		return red
	case "warning":
		return yellow
	case "help":
		return cyan
	}
	return green
}

func (p painter) paint(code, s string) string {
	if !p || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}
