package repocheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

type hook struct {
	ID              string   `yaml:"id"`
	Entry           string   `yaml:"entry"`
	Language        string   `yaml:"language"`
	Types           []string `yaml:"types"`
	PassFilenames   *bool    `yaml:"pass_filenames"`
	RequireSerial   bool     `yaml:"require_serial"`
	LanguageVersion string   `yaml:"language_version"`
}

func TestHooksFile(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(repoRoot, ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	byID := map[string]hook{}
	for _, h := range hooks {
		byID[h.ID] = h
		if h.Language != "golang" {
			t.Errorf("%s: language %q, want golang", h.ID, h.Language)
		}
		if h.LanguageVersion != "" {
			t.Errorf("%s: language_version makes pre-commit download Go", h.ID)
		}
		if !strings.HasPrefix(h.Entry, "rustaudit scan") {
			t.Errorf("%s: entry %q", h.ID, h.Entry)
		}
	}
	files := byID["rustaudit"]
	if len(files.Types) != 1 || files.Types[0] != "rust" || (files.PassFilenames != nil && !*files.PassFilenames) {
		t.Errorf("rustaudit hook: %+v", files)
	}
	crate := byID["rustaudit-crate"]
	if crate.PassFilenames == nil || *crate.PassFilenames || !crate.RequireSerial || !strings.HasSuffix(crate.Entry, " .") {
		t.Errorf("rustaudit-crate hook: %+v", crate)
	}
}

// TestPreCommitTryRepo runs the hook for real with pre-commit: it must fail on a faulty
// file and pass once the file is fixed. .ci/run installs pre-commit; elsewhere the test
// needs it too (apt-get install pre-commit).
func TestPreCommitTryRepo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds rustaudit through pre-commit; run without -short")
	}
	if _, err := exec.LookPath("pre-commit"); err != nil {
		t.Fatal("pre-commit is not installed (apt-get install pre-commit); .ci/run installs it")
	}
	self, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	run := func(dir string, name string, args ...string) (string, error) {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		modcache, _ := exec.Command("go", "env", "GOMODCACHE").Output()
		cmd.Env = append(os.Environ(),
			"PRE_COMMIT_HOME="+filepath.Join(work, "cache"),
			// Reuse the module cache: pre-commit sets GOPATH to its own environment.
			"GOMODCACHE="+strings.TrimSpace(string(modcache)),
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
		)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	repo := filepath.Join(work, "repo")
	os.MkdirAll(filepath.Join(repo, "src"), 0o755)
	// One forever task per message received: each message adds one more.
	const faulty = "async fn tick() {}\nasync fn start(mut rx: tokio::sync::mpsc::Receiver<u32>) {\n    while let Some(_) = rx.recv().await {\n        tokio::spawn(async { loop { tick().await; } });\n    }\n}\n"
	const fixed = "async fn tick() {}\nasync fn start(mut rx: tokio::sync::mpsc::Receiver<u32>) {\n    while let Some(_) = rx.recv().await {\n        let h = tokio::spawn(async { loop { tick().await; } });\n        h.abort();\n    }\n}\n"
	const good = "async fn ok() -> u32 {\n    tokio::spawn(async { 1 }).await.unwrap()\n}\n"
	os.WriteFile(filepath.Join(repo, "src", "good.rs"), []byte(good), 0o644)
	os.WriteFile(filepath.Join(repo, "src", "task.rs"), []byte(faulty), 0o644)
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-qm", "init"}} {
		if out, err := run(repo, "git", args...); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	out, err := run(repo, "pre-commit", "try-repo", self, "rustaudit", "--all-files")
	if err == nil {
		t.Fatalf("the hook passed on a faulty file:\n%s", out)
	}
	if !strings.Contains(out, "detached_task") || !strings.Contains(out, "task.rs") {
		t.Fatalf("the hook failed without naming the finding:\n%s", out)
	}
	os.WriteFile(filepath.Join(repo, "src", "task.rs"), []byte(fixed), 0o644)
	run(repo, "git", "add", ".")
	out, err = run(repo, "pre-commit", "try-repo", self, "rustaudit", "--all-files")
	if err != nil {
		t.Fatalf("the hook failed on fixed code: %v\n%s", err, out)
	}
}
