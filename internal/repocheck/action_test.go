package repocheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var repoRoot = filepath.Join("..", "..")

type actionFile struct {
	Name   string `yaml:"name"`
	Inputs map[string]struct {
		Default  *string `yaml:"default"`
		Required bool    `yaml:"required"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			Name  string            `yaml:"name"`
			Uses  string            `yaml:"uses"`
			Run   string            `yaml:"run"`
			Shell string            `yaml:"shell"`
			Env   map[string]string `yaml:"env"`
			With  map[string]string `yaml:"with"`
			If    string            `yaml:"if"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func TestActionMetadata(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var a actionFile
	if err := yaml.Unmarshal(data, &a); err != nil {
		t.Fatal(err)
	}
	if a.Runs.Using != "composite" {
		t.Errorf("runs.using = %q, want composite", a.Runs.Using)
	}
	for _, in := range []string{"path", "args", "fail-on", "min-level", "sarif-file", "upload", "category"} {
		if _, ok := a.Inputs[in]; !ok {
			t.Errorf("input %q is missing", in)
		}
	}
	text := string(data)
	for in := range a.Inputs {
		if !strings.Contains(text, "inputs."+in+" ") && !strings.Contains(text, "inputs."+in+"}") && !regexp.MustCompile(`inputs\.`+regexp.QuoteMeta(in)+`\b`).MatchString(text) {
			t.Errorf("input %q is never used", in)
		}
	}
	if d := a.Inputs["upload"].Default; d == nil || *d != "true" {
		t.Errorf("upload should default to true")
	}
	usesUpload, buildsFromActionPath := false, false
	for _, s := range a.Runs.Steps {
		if s.Run != "" {
			if s.Shell == "" {
				t.Errorf("step %q has run: but no shell:", s.Name)
			}
			if strings.Contains(s.Run, "${{") {
				t.Errorf("step %q expands ${{ }} inside its script; pass inputs through env:", s.Name)
			}
			if strings.Contains(s.Run, "go build") && strings.Contains(s.Env["ACTION_PATH"], "github.action_path") {
				buildsFromActionPath = true
			}
		}
		if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@v4") {
			usesUpload = true
			if !strings.Contains(s.If, "inputs.upload") {
				t.Errorf("upload step does not depend on the upload input")
			}
		}
	}
	if !usesUpload {
		t.Error("action does not upload with github/codeql-action/upload-sarif@v4")
	}
	if !buildsFromActionPath {
		t.Error("action does not build rustaudit from github.action_path")
	}
}

func TestExampleWorkflowPermissions(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, "docs", "examples", "code-scanning.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var wf struct {
		Permissions map[string]string `yaml:"permissions"`
	}
	if err := yaml.Unmarshal(data, &wf); err != nil {
		t.Fatal(err)
	}
	if wf.Permissions["contents"] != "read" || wf.Permissions["security-events"] != "write" {
		t.Errorf("permissions = %v, want contents: read and security-events: write", wf.Permissions)
	}
}

// actionlint checks the workflows as GitHub would read them (expressions, action inputs,
// shell scripts through shellcheck when it is installed).
func TestActionlint(t *testing.T) {
	cmd := exec.Command("go", "run", "github.com/rhysd/actionlint/cmd/actionlint@v1.7.12",
		"-no-color", ".github/workflows/ci.yml", "docs/examples/code-scanning.yml")
	cmd.Dir = repoRoot
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}
