package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// pipes joins a child's standard output (read) and input (write) into one connection.
type pipes struct {
	io.Reader
	io.WriteCloser
}

// The binary speaks LSP over standard input and output: initialize, diagnostics for an
// opened file with the configuration applied, shutdown and exit with code 0.
func TestLSPOverStdio(t *testing.T) {
	root := t.TempDir()
	write(t, root, map[string]string{
		".git/HEAD":      "",
		"src/main.rs":    detached,
		"rustaudit.toml": "[rules.detached_task]\nlevel = \"error\"\n",
	})
	cmd := exec.Command(binary, "lsp", "-j", "1")
	cmd.Dir = root
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	published := make(chan json.RawMessage, 16)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(pipes{stdout, stdin}, jsonrpc2.VSCodeObjectCodec{}),
		jsonrpc2.HandlerWithError(func(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
			if req.Method == "textDocument/publishDiagnostics" {
				published <- *req.Params
			}
			return nil, nil
		}))
	uri := (&url.URL{Scheme: "file", Path: filepath.ToSlash(root)}).String()
	var init struct {
		Capabilities struct {
			PositionEncoding string `json:"positionEncoding"`
		} `json:"capabilities"`
	}
	if err := conn.Call(ctx, "initialize", map[string]any{"processId": nil, "rootUri": uri, "capabilities": map[string]any{}}, &init); err != nil {
		t.Fatal(err)
	}
	if init.Capabilities.PositionEncoding != "utf-16" {
		t.Errorf("positionEncoding = %q", init.Capabilities.PositionEncoding)
	}
	conn.Notify(ctx, "initialized", map[string]any{})
	conn.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{
		"uri": uri + "/src/main.rs", "languageId": "rust", "version": 1, "text": detached}})
	for {
		var p struct {
			URI         string `json:"uri"`
			Version     *int   `json:"version"`
			Diagnostics []struct {
				Code     string `json:"code"`
				Severity int    `json:"severity"`
				Range    struct {
					Start struct{ Line int } `json:"start"`
				} `json:"range"`
			} `json:"diagnostics"`
		}
		select {
		case raw := <-published:
			json.Unmarshal(raw, &p)
		case <-ctx.Done():
			t.Fatal("no diagnostics for the opened file")
		}
		if p.Version == nil || *p.Version != 1 {
			continue
		}
		if len(p.Diagnostics) != 1 || p.Diagnostics[0].Code != "detached_task" || p.Diagnostics[0].Severity != 1 || p.Diagnostics[0].Range.Start.Line != 2 {
			t.Errorf("diagnostics = %+v, want detached_task as an error (configured) on line 2", p.Diagnostics)
		}
		break
	}
	if err := conn.Call(ctx, "shutdown", nil, nil); err != nil {
		t.Fatal(err)
	}
	conn.Notify(ctx, "exit", nil)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after shutdown: %v, want code 0", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit")
	}
}

func TestLSPBadFlag(t *testing.T) {
	r := rustaudit(t, t.TempDir(), "lsp", "--enable", "no_such_rule")
	if r.code != 2 {
		t.Errorf("exit code %d, want 2 (usage): %s", r.code, r.stderr)
	}
}

// Neovim's built-in client, headless, when nvim is installed: diagnostics arrive, the
// code action's rustaudit:allow comment silences the finding.
func TestLSPNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not installed")
	}
	script, err := filepath.Abs(filepath.Join("..", "..", "lsp", "testdata", "nvim_headless.lua"))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	write(t, root, map[string]string{".git/HEAD": "", "src/main.rs": detached})
	cmd := exec.Command(nvim, "--headless", "--clean", "-u", script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "RUSTAUDIT_BIN="+binary, "RUSTAUDIT_ROOT="+root, "RUSTAUDIT_FILE="+filepath.Join(root, "src", "main.rs"))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-ctx.Done():
		cmd.Process.Kill()
		t.Fatalf("nvim did not finish:\n%s", out.String())
	}
	got := out.String()
	t.Logf("nvim:\n%s", got)
	if err != nil {
		t.Fatalf("nvim: %v", err)
	}
	for _, want := range []string{
		"diagnostic 3:5 2 detached_task ",
		"action Silence detached_task here",
		"inserted     // rustaudit:allow(detached_task) TODO: say why this is fine here",
		"after 0",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("nvim output lacks %q", want)
		}
	}
}
