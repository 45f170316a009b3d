package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
)

// The tests drive the server as an editor would: JSON-RPC with Content-Length framing over
// an in-memory pipe.

// client is the editor's end of a connection.
type client struct {
	t    testing.TB
	conn *jsonrpc2.Conn
	done chan error // Serve's result

	mu     sync.Mutex
	diags  []PublishDiagnosticsParams // every publishDiagnostics received, in order
	cursor int                        // diags before it were looked at by waitDiags
	logs   []MessageParams
	more   chan struct{} // a notification arrived
}

// files are a workspace to create: path (slash-separated) -> content.
type files map[string]string

// workspace writes a Cargo package into a temporary directory (a repository root, so that
// configuration is not searched above it) and returns the directory.
func workspace(t testing.TB, fs files) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	all := files{"Cargo.toml": "[package]\nname = \"demo\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"}
	for p, s := range fs {
		all[p] = s
	}
	for p, s := range all {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// start runs a server for root and initializes it with the given client capabilities
// (nil: none, so positions are in UTF-16).
func start(t testing.TB, root string, capabilities map[string]any) (*client, *InitializeResult) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	a, b := net.Pipe()
	c := &client{t: t, done: make(chan error, 1), more: make(chan struct{}, 1)}
	go func() { c.done <- Serve(ctx, a, Options{Jobs: 1, Version: "test"}) }()
	c.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(b, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(c.handle))
	t.Cleanup(func() {
		c.conn.Close()
		cancel()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Error("the server did not stop")
		}
	})
	if capabilities == nil {
		capabilities = map[string]any{}
	}
	var res InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": pathToURI(root), "capabilities": capabilities}, &res)
	c.notify("initialized", map[string]any{})
	return c, &res
}

func (c *client) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	c.mu.Lock()
	switch req.Method {
	case "textDocument/publishDiagnostics":
		var p PublishDiagnosticsParams
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("bad publishDiagnostics: %v", err)
		}
		c.diags = append(c.diags, p)
	case "window/logMessage", "window/showMessage":
		var p MessageParams
		_ = json.Unmarshal(*req.Params, &p)
		c.logs = append(c.logs, p)
	}
	c.mu.Unlock()
	select {
	case c.more <- struct{}{}:
	default:
	}
	return nil, nil
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// waitDiags waits for a publishDiagnostics for path that ok accepts, received after the one
// the previous waitDiags returned, and returns it.
func (c *client) waitDiags(path string, ok func(PublishDiagnosticsParams) bool) PublishDiagnosticsParams {
	c.t.Helper()
	uri := pathToURI(path)
	deadline := time.After(60 * time.Second)
	for {
		c.mu.Lock()
		for ; c.cursor < len(c.diags); c.cursor++ {
			if p := c.diags[c.cursor]; p.URI == uri && ok(p) {
				c.cursor++
				c.mu.Unlock()
				return p
			}
		}
		c.mu.Unlock()
		select {
		case <-c.more:
		case <-deadline:
			c.t.Fatalf("no matching diagnostics for %s; received: %s", path, c.dump())
		}
	}
}

// latest waits until every message the server sent before a round trip has arrived, and
// returns the last diagnostics published for path (nil when none).
func (c *client) latest(path string) *PublishDiagnosticsParams {
	c.t.Helper()
	// A request is answered after the notifications sent before it (one connection, in order).
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(path)}}, &actions)
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.diags) - 1; i >= 0; i-- {
		if c.diags[i].URI == pathToURI(path) {
			p := c.diags[i]
			return &p
		}
	}
	return nil
}

func (c *client) dump() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, _ := json.MarshalIndent(c.diags, "", " ")
	return string(b)
}

func version(v int) func(PublishDiagnosticsParams) bool {
	return func(p PublishDiagnosticsParams) bool { return p.Version != nil && *p.Version == v }
}

func codes(p PublishDiagnosticsParams) []string {
	var out []string
	for _, d := range p.Diagnostics {
		out = append(out, d.Code)
	}
	sort.Strings(out)
	return out
}

func (c *client) open(path, text string, v int) {
	c.t.Helper()
	c.notify("textDocument/didOpen", DidOpenTextDocumentParams{TextDocument: TextDocumentItem{
		URI: pathToURI(path), LanguageID: "rust", Version: v, Text: text}})
}

func (c *client) change(path string, v int, changes ...TextDocumentContentChangeEvent) {
	c.t.Helper()
	c.notify("textDocument/didChange", DidChangeTextDocumentParams{
		TextDocument: VersionedTextDocumentIdentifier{URI: pathToURI(path), Version: v}, ContentChanges: changes})
}

func (c *client) shutdown() error {
	c.t.Helper()
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-c.done:
		c.done <- err // for Cleanup
		return err
	case <-time.After(20 * time.Second):
		c.t.Fatal("the server did not exit")
	}
	return nil
}

const blockingLib = `mod config;
mod conn;

pub async fn load(path: &std::path::Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text
}

// once per path received: a file read per message stays a warning
pub async fn load_all(mut paths: tokio::sync::mpsc::Receiver<std::path::PathBuf>) {
    while let Some(p) = paths.recv().await {
        load(&p).await;
    }
}
`

const configRS = "pub const READ_BUF: usize = 64 * 1024;\n"

const connRS = `use crate::config::READ_BUF;
use tokio::io::AsyncReadExt;

pub async fn read_loop(mut sock: tokio::net::TcpStream) -> std::io::Result<()> {
    let mut buf = [0u8; READ_BUF];
    loop {
        let n = sock.read(&mut buf).await?;
        if n == 0 {
            return Ok(());
        }
    }
}
`

func demo(t testing.TB) string {
	return workspace(t, files{"src/lib.rs": blockingLib, "src/config.rs": configRS, "src/conn.rs": connRS})
}

func TestInitializeCapabilities(t *testing.T) {
	root := demo(t)
	c, res := start(t, root, nil)
	caps := res.Capabilities
	if caps.PositionEncoding != encodingUTF16 {
		t.Errorf("positionEncoding = %q without a client preference, want utf-16", caps.PositionEncoding)
	}
	if !caps.TextDocumentSync.OpenClose || caps.TextDocumentSync.Change != syncIncremental {
		t.Errorf("textDocumentSync = %+v", caps.TextDocumentSync)
	}
	if len(caps.CodeActionProvider.CodeActionKinds) != 1 || caps.CodeActionProvider.CodeActionKinds[0] != codeActionQuickFix {
		t.Errorf("codeActionProvider = %+v", caps.CodeActionProvider)
	}
	if res.ServerInfo.Name != "rustaudit" {
		t.Errorf("serverInfo = %+v", res.ServerInfo)
	}
	if err := c.shutdown(); err != nil {
		t.Errorf("Serve after shutdown and exit: %v", err)
	}

	c, res = start(t, root, map[string]any{"general": map[string]any{"positionEncodings": []string{"utf-32", "utf-8", "utf-16"}}})
	if res.Capabilities.PositionEncoding != encodingUTF8 {
		t.Errorf("positionEncoding = %q when the client offers utf-8, want utf-8", res.Capabilities.PositionEncoding)
	}
	c.notify("exit", nil)
	if err := <-c.done; !errors.Is(err, ErrNoShutdown) {
		t.Errorf("exit without shutdown: Serve returned %v, want ErrNoShutdown", err)
	}
	c.done <- nil
}

func TestDiagnosticsOnOpenAndChange(t *testing.T) {
	root := demo(t)
	lib := filepath.Join(root, "src", "lib.rs")
	c, _ := start(t, root, nil)
	c.open(lib, blockingLib, 1)
	p := c.waitDiags(lib, version(1))
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v, want one", p.Diagnostics)
	}
	d := p.Diagnostics[0]
	// `std::fs::read_to_string(path)` on line 5 (0-based 4), columns 16..45 (1-based).
	want := Range{Start: Position{Line: 4, Character: 15}, End: Position{Line: 4, Character: 44}}
	if d.Range != want || d.Code != "blocking_in_async" || d.Severity != severityWarning || d.Source != "rustaudit" {
		t.Errorf("diagnostic = %+v, want blocking_in_async warning at %+v", d, want)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "/rules/blocking_in_async.md") {
		t.Errorf("codeDescription = %+v", d.CodeDescription)
	}
	if !strings.Contains(d.Message, "\nhelp: ") || len(d.RelatedInformation) == 0 {
		t.Errorf("message without help or related information: %+v", d)
	}

	// An incremental edit replaces the blocking call: nothing left.
	c.change(lib, 2, TextDocumentContentChangeEvent{
		Range: &Range{Start: Position{Line: 4, Character: 15}, End: Position{Line: 4, Character: 44}},
		Text:  "tokio::fs::read_to_string(path).await",
	})
	p = c.waitDiags(lib, version(2))
	if len(p.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v, want none", p.Diagnostics)
	}
	// A whole-document change brings it back; saving keeps it.
	c.change(lib, 3, TextDocumentContentChangeEvent{Text: blockingLib})
	if p = c.waitDiags(lib, version(3)); len(p.Diagnostics) != 1 {
		t.Errorf("after the undo: %+v, want one", p.Diagnostics)
	}
	c.notify("textDocument/didSave", DidSaveTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(lib)}})
	if p = c.waitDiags(lib, version(3)); len(p.Diagnostics) != 1 {
		t.Errorf("after saving: %+v, want one", p.Diagnostics)
	}
	if err := c.shutdown(); err != nil {
		t.Error(err)
	}
}

// The workspace's other files are published after the first scan, and a crate-wide fact
// edited in one file changes another file's findings.
func TestCrateWideFactAcrossFiles(t *testing.T) {
	root := demo(t)
	conn := filepath.Join(root, "src", "conn.rs")
	config := filepath.Join(root, "src", "config.rs")
	c, _ := start(t, root, nil)
	p := c.waitDiags(conn, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) > 0 })
	if got := codes(p); len(got) != 1 || got[0] != "large_future_capture" {
		t.Fatalf("conn.rs after the scan: %v, want large_future_capture", got)
	}
	if p.Version != nil {
		t.Errorf("a file that is not open got a version: %d", *p.Version)
	}
	// READ_BUF becomes small in config.rs's buffer: conn.rs's finding goes.
	c.open(config, configRS, 1)
	c.change(config, 2, TextDocumentContentChangeEvent{Text: "pub const READ_BUF: usize = 512;\n"})
	c.waitDiags(config, version(2))
	if p := c.latest(conn); p == nil || len(p.Diagnostics) != 0 {
		t.Errorf("conn.rs after READ_BUF shrank: %+v, want no diagnostics", p)
	}
	// And back.
	c.change(config, 3, TextDocumentContentChangeEvent{Text: configRS})
	c.waitDiags(conn, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
}

// applyEdit applies a code action's edit to src.
func applyEdit(t *testing.T, src string, uri string, e *WorkspaceEdit, enc string) string {
	t.Helper()
	if e == nil {
		t.Fatal("code action without an edit")
	}
	edits := e.Changes[uri]
	for _, dc := range e.DocumentChanges {
		if dc.TextDocument.URI == uri {
			edits = append(edits, dc.Edits...)
		}
	}
	if len(edits) != 1 {
		t.Fatalf("edits = %+v, want one", edits)
	}
	return string(apply([]byte(src), TextDocumentContentChangeEvent{Range: &edits[0].Range, Text: edits[0].NewText}, enc))
}

func TestCodeActionSilences(t *testing.T) {
	root := demo(t)
	lib := filepath.Join(root, "src", "lib.rs")
	uri := pathToURI(lib)
	c, _ := start(t, root, map[string]any{"workspace": map[string]any{"workspaceEdit": map[string]any{"documentChanges": true}}})
	c.open(lib, blockingLib, 1)
	p := c.waitDiags(lib, version(1))
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri},
		Range:   Range{Start: Position{Line: 4, Character: 20}, End: Position{Line: 4, Character: 20}},
		Context: CodeActionContext{Diagnostics: p.Diagnostics}}, &actions)
	if len(actions) != 2 {
		t.Fatalf("actions = %+v, want silence-here and silence-in-file", actions)
	}
	here := actions[0]
	if !strings.Contains(here.Title, "blocking_in_async here") || here.Kind != codeActionQuickFix || len(here.Diagnostics) != 1 {
		t.Errorf("first action = %+v", here)
	}
	if dc := here.Edit.DocumentChanges; len(dc) != 1 || dc[0].TextDocument.Version == nil || *dc[0].TextDocument.Version != 1 {
		t.Errorf("versioned edit expected: %+v", here.Edit)
	}
	fixed := applyEdit(t, blockingLib, uri, here.Edit, encodingUTF16)
	want := strings.Replace(blockingLib, "    let text = std::fs",
		"    // rustaudit:allow(blocking_in_async) TODO: say why this is fine here\n    let text = std::fs", 1)
	if fixed != want {
		t.Errorf("after the edit:\n%s\nwant:\n%s", fixed, want)
	}
	c.change(lib, 2, TextDocumentContentChangeEvent{Text: fixed})
	if p := c.waitDiags(lib, version(2)); len(p.Diagnostics) != 0 {
		t.Errorf("after silencing: %+v, want none", p.Diagnostics)
	}

	// The file-wide comment silences it too.
	c.change(lib, 3, TextDocumentContentChangeEvent{Text: blockingLib})
	c.waitDiags(lib, version(3))
	fixed = applyEdit(t, blockingLib, uri, actions[1].Edit, encodingUTF16)
	if !strings.HasPrefix(fixed, "// rustaudit:allow-file(blocking_in_async) ") {
		t.Errorf("allow-file edit gave:\n%s", fixed)
	}
	c.change(lib, 4, TextDocumentContentChangeEvent{Text: fixed})
	if p := c.waitDiags(lib, version(4)); len(p.Diagnostics) != 0 {
		t.Errorf("after allow-file: %+v, want none", p.Diagnostics)
	}
	if err := c.shutdown(); err != nil {
		t.Error(err)
	}
}

// A finding inside a multi-line statement is silenced above the statement's first line, and
// the comment gets that line's indentation.
func TestCodeActionAboveStatement(t *testing.T) {
	src := `pub async fn load(path: &std::path::Path) -> usize {
    let n = 1
        + std::fs::read_to_string(path)
            .unwrap()
            .len();
    n
}
`
	root := workspace(t, files{"src/lib.rs": src})
	lib := filepath.Join(root, "src", "lib.rs")
	c, _ := start(t, root, nil)
	c.open(lib, src, 1)
	p := c.waitDiags(lib, version(1))
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(lib)},
		Range: p.Diagnostics[0].Range}, &actions)
	if len(actions) == 0 {
		t.Fatal("no code action")
	}
	fixed := applyEdit(t, src, pathToURI(lib), actions[0].Edit, encodingUTF16)
	c.change(lib, 2, TextDocumentContentChangeEvent{Text: fixed})
	if p := c.waitDiags(lib, version(2)); len(p.Diagnostics) != 0 {
		t.Errorf("after silencing:\n%s\nstill %+v", fixed, p.Diagnostics)
	}
	if !strings.Contains(fixed, "\n    // rustaudit:allow(blocking_in_async)") {
		t.Errorf("comment not indented like its statement:\n%s", fixed)
	}
}

// With UTF-8 positions, columns count bytes; with UTF-16, code units.
func TestPositionEncodings(t *testing.T) {
	src := "pub async fn load(p: &std::path::Path) -> String {\n    let s = \"é😀\"; let t = std::fs::read_to_string(p).unwrap();\n    t + s\n}\n"
	root := workspace(t, files{"src/lib.rs": src})
	lib := filepath.Join(root, "src", "lib.rs")
	for _, enc := range []string{encodingUTF8, encodingUTF16} {
		c, _ := start(t, root, map[string]any{"general": map[string]any{"positionEncodings": []string{enc}}})
		c.open(lib, src, 1)
		p := c.waitDiags(lib, version(1))
		if len(p.Diagnostics) != 1 {
			t.Fatalf("%s: %+v", enc, p.Diagnostics)
		}
		prefix := "    let s = \"é😀\"; let t = "
		want := units([]byte(prefix), enc)
		if got := p.Diagnostics[0].Range.Start; got.Line != 1 || got.Character != want {
			t.Errorf("%s: start = %+v, want line 1 character %d", enc, got, want)
		}
		// An edit positioned in this encoding: the call becomes tokio's.
		call := "std::fs::read_to_string(p)"
		c.change(lib, 2, TextDocumentContentChangeEvent{Range: &Range{
			Start: Position{Line: 1, Character: want}, End: Position{Line: 1, Character: want + len(call)}},
			Text: "tokio::fs::read_to_string(p).await"})
		if p := c.waitDiags(lib, version(2)); len(p.Diagnostics) != 0 {
			t.Errorf("%s: after the edit: %+v", enc, p.Diagnostics)
		}
		c.shutdown()
	}
}

// An invalid rustaudit:allow comment is shown where it is.
func TestInvalidSuppressionShown(t *testing.T) {
	src := "// rustaudit:allow(no_such_rule) because\npub fn f() {}\n"
	root := workspace(t, files{"src/lib.rs": src})
	lib := filepath.Join(root, "src", "lib.rs")
	c, _ := start(t, root, nil)
	c.open(lib, src, 1)
	p := c.waitDiags(lib, version(1))
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != severityError || !strings.Contains(p.Diagnostics[0].Message, "no_such_rule") {
		t.Errorf("diagnostics = %+v, want the invalid suppression", p.Diagnostics)
	}
}

// Configuration is read from the workspace, as scan reads it.
func TestConfiguration(t *testing.T) {
	root := workspace(t, files{"src/lib.rs": blockingLib, "src/config.rs": configRS, "src/conn.rs": connRS,
		"rustaudit.toml": "[rules.blocking_in_async]\nlevel = \"error\"\n[rules.large_future_capture]\nlevel = \"allow\"\n"})
	lib := filepath.Join(root, "src", "lib.rs")
	conn := filepath.Join(root, "src", "conn.rs")
	c, _ := start(t, root, nil)
	c.open(lib, blockingLib, 1)
	p := c.waitDiags(lib, version(1))
	if len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != severityError {
		t.Errorf("diagnostics = %+v, want blocking_in_async as an error", p.Diagnostics)
	}
	if p := c.latest(conn); p != nil && len(p.Diagnostics) > 0 {
		t.Errorf("a rule turned off was published: %+v", p)
	}
}

// A configuration changed on disk is read again; an invalid one is reported on its file and
// clears the diagnostics until it is fixed.
func TestConfigurationReload(t *testing.T) {
	root := demo(t)
	lib := filepath.Join(root, "src", "lib.rs")
	cfg := filepath.Join(root, "rustaudit.toml")
	c, _ := start(t, root, map[string]any{"workspace": map[string]any{"didChangeWatchedFiles": map[string]any{"dynamicRegistration": true}}})
	c.open(lib, blockingLib, 1)
	if p := c.waitDiags(lib, version(1)); len(p.Diagnostics) != 1 || p.Diagnostics[0].Severity != severityWarning {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	changed := func() {
		c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: pathToURI(cfg), Type: fileChanged}}})
	}
	if err := os.WriteFile(cfg, []byte("[rules.no_such_rule]\nlevel = \"error\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed()
	c.waitDiags(lib, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	p := c.waitDiags(cfg, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	if d := p.Diagnostics[0]; d.Severity != severityError || d.Range.Start.Line != 0 || !strings.Contains(d.Message, "no_such_rule") {
		t.Errorf("configuration diagnostic = %+v", d)
	}

	if err := os.WriteFile(cfg, []byte("[rules.blocking_in_async]\nlevel = \"error\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	changed()
	c.waitDiags(cfg, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
	p = c.waitDiags(lib, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	if p.Diagnostics[0].Severity != severityError {
		t.Errorf("after the fix: %+v, want blocking_in_async as an error", p.Diagnostics)
	}
	if p.Version == nil || *p.Version != 1 {
		t.Errorf("the open file's version was not kept: %v", p.Version)
	}
}

// Closing a buffer that was never saved brings back the file on disk; a Rust file created
// on disk is analysed when a watcher reports it, and forgotten when deleted.
func TestCloseAndWatchedFiles(t *testing.T) {
	root := demo(t)
	lib := filepath.Join(root, "src", "lib.rs")
	c, _ := start(t, root, nil)
	clean := strings.Replace(blockingLib, "std::fs::read_to_string(path).unwrap()", "String::new()", 1)
	c.open(lib, clean, 1)
	if p := c.waitDiags(lib, version(1)); len(p.Diagnostics) != 0 {
		t.Fatalf("clean buffer: %+v", p.Diagnostics)
	}
	c.notify("textDocument/didClose", DidCloseTextDocumentParams{TextDocument: TextDocumentIdentifier{URI: pathToURI(lib)}})
	if p := c.waitDiags(lib, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 }); p.Version != nil {
		t.Errorf("a closed file's diagnostics carry a version: %d", *p.Version)
	}

	extra := filepath.Join(root, "src", "extra.rs")
	if err := os.WriteFile(extra, []byte(blockingLib[len("mod config;\nmod conn;\n"):]), 0o644); err != nil {
		t.Fatal(err)
	}
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: pathToURI(extra), Type: fileCreated}}})
	// Not reached by a `mod` from lib.rs: not compiled, so its finding is not reported; the
	// notification says so.
	p := c.waitDiags(extra, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 1 })
	if d := p.Diagnostics[0]; d.Code != "" || d.Severity != severityWarning || !strings.Contains(d.Message, "not compiled") {
		t.Errorf("extra.rs: %+v, want the not-compiled notice", d)
	}
	os.Remove(extra)
	c.notify("workspace/didChangeWatchedFiles", DidChangeWatchedFilesParams{Changes: []FileEvent{{URI: pathToURI(extra), Type: fileDeleted}}})
	c.waitDiags(extra, func(p PublishDiagnosticsParams) bool { return len(p.Diagnostics) == 0 })
}

func TestCandidateRows(t *testing.T) {
	src := `async fn f() {
    let a = 1;
    let record = std::thread::spawn(move || {
        work()
    })
    .join()
    .expect("thread");
    if x {
        call(
            // a comment
            blocking(),
        );
    }
}
`
	tx := newText([]byte(src))
	for _, c := range []struct {
		row  int
		want []int
	}{
		{5, []int{2, 0}},    // `.join()` continues the `let` two rows up
		{3, []int{3, 2, 0}}, // inside the closure
		{10, []int{10, 8, 7, 0}},
		{1, []int{1, 0}},
	} {
		got := candidateRows(tx, c.row)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("row %d: candidates %v, want %v", c.row, got, c.want)
		}
	}
}

// A rule's own fix is offered first, preferred when it is certain, and applying it removes
// the finding.
func TestCodeActionRuleFix(t *testing.T) {
	src := `use tokio::time::Duration;

pub async fn tick() {
    std::thread::sleep(Duration::from_millis(5));
    tokio::time::sleep(Duration::from_millis(1)).await;
}
`
	root := workspace(t, files{"src/lib.rs": src})
	lib := filepath.Join(root, "src", "lib.rs")
	uri := pathToURI(lib)
	c, _ := start(t, root, nil)
	c.open(lib, src, 1)
	p := c.waitDiags(lib, version(1))
	if len(p.Diagnostics) != 1 {
		t.Fatalf("diagnostics = %+v", p.Diagnostics)
	}
	var actions []CodeAction
	c.call("textDocument/codeAction", CodeActionParams{TextDocument: TextDocumentIdentifier{URI: uri}, Range: p.Diagnostics[0].Range}, &actions)
	if len(actions) != 3 {
		t.Fatalf("actions = %+v, want the fix and two silencing comments", actions)
	}
	fix := actions[0]
	if !strings.Contains(fix.Title, "tokio::time::sleep") || !fix.IsPreferred || fix.Kind != codeActionQuickFix {
		t.Errorf("first action = %+v, want the certain sleep fix, preferred", fix)
	}
	if actions[1].IsPreferred || actions[2].IsPreferred {
		t.Error("a silencing comment is marked preferred")
	}
	edits := fix.Edit.Changes[uri]
	fixed := []byte(src)
	for i := len(edits) - 1; i >= 0; i-- { // from the end, so earlier positions stay valid
		fixed = apply(fixed, TextDocumentContentChangeEvent{Range: &edits[i].Range, Text: edits[i].NewText}, encodingUTF16)
	}
	if !strings.Contains(string(fixed), "    tokio::time::sleep(Duration::from_millis(5)).await;\n") {
		t.Errorf("after the fix:\n%s", fixed)
	}
	c.change(lib, 2, TextDocumentContentChangeEvent{Text: string(fixed)})
	if p := c.waitDiags(lib, version(2)); len(p.Diagnostics) != 0 {
		t.Errorf("after the fix: %+v", p.Diagnostics)
	}
}
