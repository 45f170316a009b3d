// Package baseline lets a team adopt rustaudit on existing code: findings recorded in an
// earlier report are not reported again. Findings are matched by rule, path and line
// fingerprint (GitHub's primaryLocationLineHash), never by line number, so that editing code
// above a known finding does not bring it back.
package baseline

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/rustaudit/rustaudit/finding"
)

type key struct {
	rule, path, fingerprint string // path: slash-separated, relative to the repository root
}

// Baseline is a multiset of known findings.
type Baseline struct {
	known map[key]int
	Path  string
}

// Load reads a JSON or SARIF report written by rustaudit. JSON paths are relative to cwd
// (where that report was written from); SARIF paths are relative to the repository root.
func Load(path, cwd, repoRoot string) (*Baseline, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	var probe struct {
		Version  json.RawMessage `json:"version"`
		Runs     json.RawMessage `json:"runs"`
		Findings json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("baseline %s: not a rustaudit JSON or SARIF report: %v", path, err)
	}
	b := &Baseline{known: map[key]int{}, Path: path}
	switch {
	case probe.Runs != nil:
		err = b.loadSARIF(data, repoRoot)
	case probe.Findings != nil:
		err = b.loadJSON(data, cwd, repoRoot)
	default:
		err = errors.New("neither a SARIF log (runs) nor a rustaudit JSON report (findings)")
	}
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %v", path, err)
	}
	return b, nil
}

func (b *Baseline) loadJSON(data []byte, cwd, repoRoot string) error {
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			Rule        string `json:"rule"`
			Path        string `json:"path"`
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return err
	}
	if doc.Version != 1 {
		return fmt.Errorf("JSON report version %d is not supported (want 1)", doc.Version)
	}
	for _, f := range doc.Findings {
		abs := filepath.Join(cwd, filepath.FromSlash(f.Path))
		if filepath.IsAbs(filepath.FromSlash(f.Path)) {
			abs = filepath.FromSlash(f.Path)
		}
		b.known[key{f.Rule, relTo(repoRoot, abs), f.Fingerprint}]++
	}
	return nil
}

func (b *Baseline) loadSARIF(data []byte, repoRoot string) error {
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Name string `json:"name"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct {
							URI       string `json:"uri"`
							URIBaseID string `json:"uriBaseId"`
						} `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		return err
	}
	for _, run := range log.Runs {
		if run.Tool.Driver.Name != "rustaudit" {
			return fmt.Errorf("SARIF run from %q, not rustaudit", run.Tool.Driver.Name)
		}
		for _, r := range run.Results {
			if len(r.Locations) == 0 {
				continue
			}
			al := r.Locations[0].PhysicalLocation.ArtifactLocation
			p, err := url.PathUnescape(al.URI)
			if err != nil {
				return fmt.Errorf("bad artifact URI %q", al.URI)
			}
			if u, err := url.Parse(al.URI); err == nil && u.Scheme == "file" {
				p = relTo(repoRoot, filepath.FromSlash(u.Path))
			}
			b.known[key{r.RuleID, p, r.PartialFingerprints["primaryLocationLineHash"]}]++
		}
	}
	return nil
}

func relTo(root, abs string) string {
	if rel, err := filepath.Rel(root, abs); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// Filter returns the findings that are not in the baseline and how many were left out.
// Each baseline entry absorbs one finding.
func (b *Baseline) Filter(fs []finding.Finding, repoRoot string) ([]finding.Finding, int) {
	left := make(map[key]int, len(b.known))
	for k, n := range b.known {
		left[k] = n
	}
	var out []finding.Finding
	dropped := 0
	for _, f := range fs {
		k := key{f.Rule, relTo(repoRoot, f.Path), f.Fingerprint}
		if left[k] > 0 {
			left[k]--
			dropped++
			continue
		}
		out = append(out, f)
	}
	return out, dropped
}
