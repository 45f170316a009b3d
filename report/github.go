package report

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
)

// GitHub writes GitHub Actions workflow commands that annotate the pull request: one
// `::warning file=..,line=..,col=..,endLine=..,endColumn=..,title=rule::message` line per
// finding that is not suppressed (::error and ::notice for the other levels), then one line
// per notification. Paths are relative to o.RepoRoot, where the runner checks the code out.
// Columns are in characters; they are left out for a span over several lines, which the
// annotations API does not accept.
func GitHub(w io.Writer, fs []finding.Finding, notes []finding.Notification, o Options) error {
	root := o.RepoRoot
	if root == "" {
		root = o.CWD
	}
	var b bytes.Buffer
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		path, _ := insideRel(root, f.Path)
		s, e := f.Span.Start, f.Span.End
		props := []string{"file=" + path, "line=" + strconv.Itoa(s.Line)}
		if e.Line == s.Line || e.Line == 0 {
			props = append(props, "col="+strconv.Itoa(s.Col))
		}
		if e.Line > 0 {
			props = append(props, "endLine="+strconv.Itoa(e.Line))
			if e.Line == s.Line {
				props = append(props, "endColumn="+strconv.Itoa(e.Col))
			}
		}
		props = append(props, "title="+f.Rule)

		lines := []string{f.Message}
		for _, r := range f.Related {
			msg := r.Message
			if msg == "" {
				msg = "related location"
			}
			lines = append(lines, fmt.Sprintf("note: %s at %s:%d:%d", msg, path, r.Span.Start.Line, r.Span.Start.Col))
		}
		for _, n := range f.Notes {
			lines = append(lines, "note: "+n)
		}
		if f.Help != "" {
			lines = append(lines, "help: "+f.Help)
		}
		writeCommand(&b, annotationCommand(levelName(f.Level)), props, strings.Join(lines, "\n"))
	}
	for _, n := range notes {
		var props []string
		if n.Path != "" {
			path, _ := insideRel(root, n.Path)
			props = append(props, "file="+path)
			if n.Line > 0 {
				props = append(props, "line="+strconv.Itoa(n.Line))
			}
		}
		title := ToolName
		if n.Rule != "" {
			title += " (rule " + n.Rule + ")"
		}
		props = append(props, "title="+title)
		writeCommand(&b, annotationCommand(notificationLevel(n.Level)), props, n.Message)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// annotationCommand is the workflow command for a level name.
func annotationCommand(level string) string {
	if level == "note" {
		return "notice"
	}
	return level
}

func writeCommand(b *bytes.Buffer, cmd string, props []string, data string) {
	b.WriteString("::" + cmd)
	for i, p := range props {
		k, v, _ := strings.Cut(p, "=")
		if i == 0 {
			b.WriteByte(' ')
		} else {
			b.WriteByte(',')
		}
		b.WriteString(k + "=" + escapeProperty(v))
	}
	b.WriteString("::" + escapeData(data) + "\n")
}

// escapeData escapes a command's message as the runner unescapes it.
var escapeData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// escapeProperty escapes a command's property value; ':' and ',' would end it.
var escapeProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
