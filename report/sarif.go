package report

import (
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/rustaudit/rustaudit/finding"
)

// srcRoot is the uriBaseId of every path below o.RepoRoot, as GitHub code scanning expects.
const srcRoot = "%SRCROOT%"

// SARIF writes a SARIF 2.1.0 log with one run, shaped for GitHub code scanning: every rule
// of o.Rules described with its documentation, every finding as a result (suppressed ones
// marked with an in-source suppression), columns in UTF-16 code units, paths relative to
// o.RepoRoot, and the notifications in invocations[0].
func SARIF(w io.Writer, fs []finding.Finding, notes []finding.Notification, o Options) error {
	return writeJSON(w, buildSARIF(fs, notes, o))
}

func buildSARIF(fs []finding.Finding, notes []finding.Notification, o Options) *sarif.Report {
	root := o.RepoRoot
	if root == "" {
		root = o.CWD
	}
	uris := uriMaker{root: root}

	run := sarif.NewRunWithInformationURI(ToolName, InformationURI)
	driver := run.Tool.Driver
	if o.ToolVersion != "" {
		driver.WithVersion(o.ToolVersion)
		if v := strings.TrimPrefix(o.ToolVersion, "v"); semver.MatchString(v) {
			driver.WithSemanticVersion(v)
		}
	}
	run.WithColumnKind("utf16CodeUnits")
	if root != "" {
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
			srcRoot: *sarif.NewArtifactLocation().WithURI(fileURI(root, true)),
		})
	}
	if o.Category != "" {
		run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(o.Category))
	}

	ruleIndex := map[string]int{}
	for i, r := range o.Rules {
		ruleIndex[r.ID] = i
		driver.AddRule(sarifRule(r, o.levelOf(r)))
	}
	index := func(id string) int {
		if i, ok := ruleIndex[id]; ok {
			return i
		}
		return -1
	}

	for _, f := range fs {
		// The help is specific to the finding (the rule's help is generic): keep it, as a
		// second sentence. Neither is capitalized, as both may start with code.
		text := f.Message
		if f.Help != "" {
			text = sentence(text) + " Help: " + sentence(f.Help)
		}
		if text == "" {
			text = f.Rule
		}
		art := uris.artifact(f.Path)
		res := sarif.NewRuleResult(f.Rule).
			WithRuleIndex(index(f.Rule)).
			WithLevel(levelName(f.Level)).
			WithMessage(sarif.NewTextMessage(text)).
			AddLocation(sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().WithArtifactLocation(art).WithRegion(region(f.Span))))
		for i, r := range f.Related {
			loc := sarif.NewLocationWithPhysicalLocation(
				sarif.NewPhysicalLocation().WithArtifactLocation(uris.artifact(f.Path)).WithRegion(region(r.Span))).
				WithID(i + 1)
			if r.Message != "" {
				loc.WithMessage(sarif.NewTextMessage(r.Message))
			}
			res.AddRelatedLocation(loc)
		}
		for _, fx := range f.Fixes {
			res.AddFixe(sarifFix(fx, uris.artifact(f.Path)))
		}
		if f.Fingerprint != "" {
			res.WithPartialFingerprints(map[string]string{"primaryLocationLineHash": f.Fingerprint})
		}
		if f.Suppressed {
			s := sarif.NewSuppression().WithKind("inSource")
			if f.Justification != "" {
				s.WithJustification(f.Justification)
			}
			res.WithSuppressions([]*sarif.Suppression{s})
		}
		run.AddResult(res)
	}

	inv := sarif.NewInvocation().WithExecutionSuccessful(true)
	for _, n := range notes {
		if n.Level >= finding.LevelError {
			inv.WithExecutionSuccessful(false)
		}
		msg := n.Message
		if msg == "" {
			msg = "unknown problem"
		}
		sn := sarif.NewNotification().WithLevel(notificationLevel(n.Level)).WithMessage(sarif.NewTextMessage(msg))
		if n.Path != "" {
			pl := sarif.NewPhysicalLocation().WithArtifactLocation(uris.artifact(n.Path))
			if n.Line > 0 {
				pl.WithRegion(sarif.NewRegion().WithStartLine(n.Line))
			}
			sn.AddLocation(sarif.NewLocationWithPhysicalLocation(pl))
		}
		if n.Rule != "" {
			sn.WithAssociatedRule(sarif.NewReportingDescriptorReference().WithID(n.Rule).WithIndex(index(n.Rule)))
		}
		inv.AddToolExecutionNotification(sn)
	}
	run.AddInvocation(inv)

	return sarif.NewReport().AddRun(run)
}

// sarifFix describes a fix: one artifact change (the finding's file) whose replacements
// delete a region (empty for an insertion) and insert text, with the applicability as a
// property.
func sarifFix(fx finding.Fix, art *sarif.ArtifactLocation) *sarif.Fix {
	ch := sarif.NewArtifactChange().WithArtifactLocation(art)
	for _, e := range fx.Edits {
		r := sarif.NewReplacement().WithDeletedRegion(editRegion(e.Span))
		if e.New != "" {
			r.WithInsertedContent(sarif.NewArtifactContent().WithText(e.New))
		}
		ch.AddReplacement(r)
	}
	props := sarif.NewPropertyBag()
	props.Add("applicability", fx.Applicability.String())
	if fx.Suppress {
		props.Add("suppress", true)
	}
	return sarif.NewFix().WithDescription(sarif.NewTextMessage(fx.Description)).AddArtifactChange(ch).WithProperties(props)
}

// editRegion is region with the end always given: an insertion is an empty region.
func editRegion(s finding.Span) *sarif.Region {
	return sarif.NewRegion().WithStartLine(s.Start.Line).WithStartColumn(utf16Col(s.Start)).
		WithEndLine(s.End.Line).WithEndColumn(utf16Col(s.End))
}

// semver matches a semantic version (without a leading v).
var semver = regexp.MustCompile(`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// sarifRule describes rule r for tool.driver.rules at its effective level.
func sarifRule(r finding.RuleInfo, level finding.Level) *sarif.ReportingDescriptor {
	conf := sarif.NewReportingConfiguration().WithLevel(sarifLevel(level)).WithEnabled(level != finding.LevelAllow)
	full := r.Description
	if full == "" {
		full = r.Summary
	}
	props := sarif.NewPropertyBag()
	if len(r.Tags) > 0 {
		props.WithTags(append([]string{}, r.Tags...))
	}
	if r.Precision != "" {
		props.Add("precision", r.Precision)
	}
	severity := level
	if severity == finding.LevelAllow {
		severity = r.Level
	}
	props.Add("problem.severity", problemSeverity(severity))

	d := sarif.NewRule(r.ID).
		WithName(camelCase(r.ID)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(r.Summary)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full)).
		WithDefaultConfiguration(conf).
		WithProperties(props)
	if r.Doc != "" {
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(r.Doc).WithMarkdown(r.Doc))
	}
	return d
}

// sarifLevel is a reporting configuration's level: "none" for a rule that is off.
func sarifLevel(l finding.Level) string {
	if l == finding.LevelAllow {
		return sarif.LevelNone
	}
	return levelName(l)
}

// problemSeverity is GitHub's properties.problem.severity for a level.
func problemSeverity(l finding.Level) string {
	switch {
	case l >= finding.LevelError:
		return "error"
	case l == finding.LevelWarning:
		return "warning"
	}
	return "recommendation"
}

// region converts a span: 1-based lines and 1-based columns in UTF-16 code units, the end
// exclusive.
func region(s finding.Span) *sarif.Region {
	r := sarif.NewRegion().WithStartLine(s.Start.Line).WithStartColumn(utf16Col(s.Start))
	if s.End.Line > 0 {
		r.WithEndLine(s.End.Line).WithEndColumn(utf16Col(s.End))
	}
	return r
}

// utf16Col is p's column in UTF-16 units (its character column if that was never set).
func utf16Col(p finding.Pos) int {
	if p.ColUTF16 > 0 {
		return p.ColUTF16
	}
	return max(p.Col, 1)
}

// uriMaker turns absolute paths into SARIF artifact locations.
type uriMaker struct{ root string }

// artifact returns the location of path: relative to %SRCROOT% when it is below the root,
// an absolute file URI otherwise (GitHub cannot show such a result, but it stays correct).
func (u uriMaker) artifact(path string) *sarif.ArtifactLocation {
	if rel, ok := insideRel(u.root, path); ok {
		return sarif.NewArtifactLocation().WithURI(escapePath(rel)).WithURIBaseID(srcRoot)
	}
	return sarif.NewArtifactLocation().WithURI(fileURI(path, false))
}

// escapePath percent-encodes each segment of a slash-separated path (spaces, '%', '#',
// '?', non-ASCII characters...), keeping the slashes.
func escapePath(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

// fileURI returns the file:// URI of an absolute path, with a trailing slash for a directory.
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(filepath.Clean(path))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows path such as C:/src
	}
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return "file://" + escapePath(p)
}
