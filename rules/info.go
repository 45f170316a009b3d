package rules

import (
	"strings"

	"github.com/rustaudit/rustaudit/finding"
)

// Info returns what reports say about r: its metadata, and the first paragraph of its
// documentation's first heading as its description.
func (r *Rule) Info() finding.RuleInfo {
	return finding.RuleInfo{
		ID:          r.ID,
		Summary:     r.Summary,
		Description: firstParagraph(r.Doc, DocHeadings[0]),
		Level:       r.Level,
		Tags:        r.Tags,
		Precision:   r.Precision,
		Doc:         r.Doc,
	}
}

// Infos returns the Info of each rule, in order.
func Infos(rs []*Rule) []finding.RuleInfo {
	out := make([]finding.RuleInfo, len(rs))
	for i, r := range rs {
		out[i] = r.Info()
	}
	return out
}

// firstParagraph returns the first paragraph under the markdown heading "## <heading>" of
// doc, its lines joined by spaces, or "" when there is none. Fenced code is skipped.
func firstParagraph(doc, heading string) string {
	in, fence := false, false
	var para []string
	for _, l := range strings.Split(doc, "\n") {
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			fence = !fence
		case fence:
		case strings.HasPrefix(t, "# ") || strings.HasPrefix(t, "##"):
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
			in = strings.TrimSpace(strings.TrimLeft(t, "#")) == heading
		case !in:
		case t == "":
			if len(para) > 0 {
				return strings.Join(para, " ")
			}
		default:
			para = append(para, t)
		}
	}
	return strings.Join(para, " ")
}
