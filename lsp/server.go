// Package lsp is rustaudit's language server: it keeps a workspace's analysis in memory (one
// small result per file, see scan.Session), analyses a file again from the editor's buffer on
// every change, settles the file's crate again, and publishes the diagnostics of every file
// whose findings changed, with code actions that silence a finding.
//
// JSON-RPC comes from github.com/sourcegraph/jsonrpc2; the protocol types are this package's
// own (protocol.go), only the fields used.
package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sourcegraph/jsonrpc2"

	"github.com/rustaudit/rustaudit/config"
	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/scan"
)

// Config is the configuration in force for a workspace.
type Config struct {
	Settings *rules.Settings
	Exclude  func(path string) bool // nil: nothing excluded
	Path     string                 // the configuration file, "" when none
}

// Options configure a server.
type Options struct {
	// Load returns the configuration for a workspace root, as `rustaudit scan` finds it
	// from there. nil: config.Discover with every rule.
	Load func(root string) (Config, error)
	// Jobs is the number of files the first scan analyses in parallel; 0: every CPU.
	Jobs    int
	Version string
}

// DiscoverConfig is the default Options.Load.
func DiscoverConfig(root string) (Config, error) {
	cfg, err := config.Discover(root, rules.All)
	if err != nil {
		return Config{}, err
	}
	c := Config{Settings: cfg.Settings, Path: cfg.Path}
	if len(cfg.Exclude) > 0 {
		c.Exclude = cfg.Excluded
	}
	return c, nil
}

// ErrNoShutdown is returned by Serve when the client sent exit without shutdown first (the
// protocol asks for exit code 1 then).
var ErrNoShutdown = errors.New("exit without shutdown")

// Serve runs a language server over rwc (standard input and output, for an editor) until
// the client exits or the connection closes.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	if opts.Load == nil {
		opts.Load = DiscoverConfig
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s := &server{opts: opts, ctx: ctx, enc: encodingUTF16, docs: map[string]*document{},
		dirty: map[string]bool{}, wake: make(chan struct{}, 1), exited: make(chan struct{}),
		published: map[string]*published{}, analysed: map[string]*snapshot{}}
	// The connection reads as soon as it exists: handlers wait until s.conn is set.
	ready := make(chan struct{})
	h := jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		<-ready
		return s.handle(ctx, conn, req)
	})
	s.conn = jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), h.SuppressErrClosed())
	close(ready)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.worker()
	}()
	select {
	case <-s.conn.DisconnectNotify():
	case <-ctx.Done():
	}
	cancel()
	<-done
	s.conn.Close()
	s.work.Lock() // a code action may still be running
	if s.session != nil {
		s.session.Close()
	}
	s.work.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.exited:
		if !s.shutdown {
			return ErrNoShutdown
		}
		return nil
	default:
	}
	if ctx.Err() == nil && !s.shutdown {
		return errors.New("the client closed the connection without exit")
	}
	return nil
}

type server struct {
	opts Options
	ctx  context.Context
	conn *jsonrpc2.Conn

	mu          sync.Mutex // guards the fields up to wake
	enc         string     // the position encoding: utf-8 or utf-16
	docChanges  bool       // the client takes versioned workspace edits
	watch       bool       // the client can watch files for us
	roots       []string
	docs        map[string]*document // open documents by path
	dirty       map[string]bool      // paths to analyse again; true: a watcher saw it on disk
	rescan      bool                 // configuration or manifests changed: start over
	initialized bool
	shutdown    bool
	exitOnce    sync.Once
	exited      chan struct{}
	wake        chan struct{}

	work      sync.Mutex // one analysis at a time (the worker's, or a code action's); guards the rest
	session   *scan.Session
	loaded    bool     // a configuration was tried (session is nil when it failed)
	scanned   []string // directories scanned into the session
	published map[string]*published
	analysed  map[string]*snapshot // the buffer each open file's result was analysed from
	cfgDiag   string               // the configuration file holding a published error
}

// document is an open file: the editor's buffer.
type document struct {
	uri     string
	version int
	src     []byte
}

// snapshot is the version of a buffer a result was analysed from.
type snapshot struct {
	uri     string
	version int
	text    *text
}

// published is what was last sent for a file.
type published struct {
	uri      string
	crate    string
	diags    []Diagnostic
	findings []finding.Finding // the findings behind diags[:len(findings)]
	version  *int
}

func (s *server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	s.mu.Lock()
	initialized, shutdown := s.initialized, s.shutdown
	s.mu.Unlock()
	switch {
	case req.Method == "exit":
		s.exitOnce.Do(func() { close(s.exited) })
		go conn.Close()
		return nil, nil
	case req.Method == "initialize":
		if initialized {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize was sent twice"}
		}
		var p InitializeParams
		if err := decode(req.Params, &p); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
		}
		return s.initialize(&p), nil
	case !initialized:
		if req.Notif {
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: -32002, Message: "the server is not initialized"}
	case shutdown && !req.Notif:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shut down"}
	}
	var err error
	switch req.Method {
	case "initialized":
		s.registerWatchers()
		s.signal()
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p DidOpenTextDocumentParams
		if err = decode(req.Params, &p); err == nil {
			err = s.didOpen(&p)
		}
	case "textDocument/didChange":
		var p DidChangeTextDocumentParams
		if err = decode(req.Params, &p); err == nil {
			err = s.didChange(&p)
		}
	case "textDocument/didSave":
		var p DidSaveTextDocumentParams
		if err = decode(req.Params, &p); err == nil {
			err = s.didSave(&p)
		}
	case "textDocument/didClose":
		var p DidCloseTextDocumentParams
		if err = decode(req.Params, &p); err == nil {
			err = s.didClose(&p)
		}
	case "workspace/didChangeWatchedFiles":
		var p DidChangeWatchedFilesParams
		if err = decode(req.Params, &p); err == nil {
			s.didChangeWatchedFiles(&p)
		}
	case "textDocument/codeAction":
		var p CodeActionParams
		if err = decode(req.Params, &p); err != nil {
			return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
		}
		return s.codeActions(&p), nil
	default:
		if req.Notif {
			return nil, nil // $/cancelRequest, $/setTrace, workspace/didChangeConfiguration...
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	}
	if err != nil && !req.Notif {
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: err.Error()}
	}
	if err != nil {
		s.log(messageWarning, "%s: %v", req.Method, err)
	}
	return nil, nil
}

func (s *server) initialize(p *InitializeParams) *InitializeResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.initialized = true
	for _, e := range p.Capabilities.General.PositionEncodings {
		if e == encodingUTF8 {
			s.enc = encodingUTF8
		}
	}
	s.docChanges = p.Capabilities.Workspace.WorkspaceEdit.DocumentChanges
	s.watch = p.Capabilities.Workspace.DidChangeWatchedFiles.DynamicRegistration
	var roots []string
	for _, f := range p.WorkspaceFolders {
		roots = append(roots, f.URI)
	}
	if len(roots) == 0 && p.RootURI != "" {
		roots = append(roots, p.RootURI)
	}
	for _, r := range roots {
		if path, err := uriToPath(r); err == nil {
			s.roots = append(s.roots, path)
		}
	}
	if len(s.roots) == 0 && p.RootPath != "" {
		s.roots = append(s.roots, filepath.Clean(p.RootPath))
	}
	s.rescan = true
	return &InitializeResult{
		Capabilities: ServerCapabilities{
			PositionEncoding:   s.enc,
			TextDocumentSync:   TextDocumentSyncOptions{OpenClose: true, Change: syncIncremental, Save: SaveOptions{}},
			CodeActionProvider: CodeActionOptions{CodeActionKinds: []string{codeActionQuickFix}},
		},
		ServerInfo: ServerInfo{Name: "rustaudit", Version: s.opts.Version},
	}
}

// registerWatchers asks the client to tell us about Rust files and manifests changed on disk
// (a checkout, a file created outside the editor), when it can.
func (s *server) registerWatchers() {
	s.mu.Lock()
	watch := s.watch
	s.mu.Unlock()
	if !watch {
		return
	}
	params := RegistrationParams{Registrations: []Registration{{
		ID: "rustaudit-watch", Method: "workspace/didChangeWatchedFiles",
		RegisterOptions: DidChangeWatchedFilesRegistrationOptions{Watchers: []FileSystemWatcher{
			{GlobPattern: "**/*.rs"}, {GlobPattern: "**/Cargo.toml"},
			{GlobPattern: "**/" + config.FileName}, {GlobPattern: "**/" + config.HiddenFileName},
		}},
	}}}
	// Not from the handler: the answer comes through the read loop the handler runs in.
	go func() {
		if err := s.conn.Call(s.ctx, "client/registerCapability", params, nil); err != nil {
			s.log(messageLog, "could not register file watchers: %v", err)
		}
	}()
}

// signal wakes the worker.
func (s *server) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

func (s *server) worker() {
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-s.wake:
		}
		s.work.Lock()
		s.process()
		s.work.Unlock()
	}
}

func isRust(path string) bool { return strings.HasSuffix(path, ".rs") }

// isConfig reports whether a change to path changes the configuration or the crate model.
func isConfig(path string) bool {
	switch filepath.Base(path) {
	case config.FileName, config.HiddenFileName, config.CargoFileName:
		return true
	}
	return false
}

func (s *server) didOpen(p *DidOpenTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.docs[path] = &document{uri: p.TextDocument.URI, version: p.TextDocument.Version, src: []byte(p.TextDocument.Text)}
	if isRust(path) {
		s.dirty[path] = false
	}
	s.mu.Unlock()
	s.signal()
	return nil
}

func (s *server) didChange(p *DidChangeTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.docs[path]
	if d == nil {
		return fmt.Errorf("didChange of %s, which is not open", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		d.src = apply(d.src, c, s.enc)
	}
	d.version = p.TextDocument.Version
	if isRust(path) {
		s.dirty[path] = false
		s.signal()
	}
	return nil
}

func (s *server) didSave(p *DidSaveTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	if d := s.docs[path]; d != nil && p.Text != nil {
		d.src = []byte(*p.Text)
	}
	switch {
	case isConfig(path):
		s.rescan = true
	case isRust(path):
		s.dirty[path] = false
	}
	s.mu.Unlock()
	s.signal()
	return nil
}

func (s *server) didClose(p *DidCloseTextDocumentParams) error {
	path, err := uriToPath(p.TextDocument.URI)
	if err != nil {
		return err
	}
	s.mu.Lock()
	delete(s.docs, path)
	if isRust(path) {
		s.dirty[path] = false
	}
	s.mu.Unlock()
	s.signal()
	return nil
}

func (s *server) didChangeWatchedFiles(p *DidChangeWatchedFilesParams) {
	s.mu.Lock()
	for _, c := range p.Changes {
		path, err := uriToPath(c.URI)
		if err != nil {
			continue
		}
		switch {
		case isConfig(path):
			s.rescan = true
		case isRust(path):
			s.dirty[path] = c.Type != fileDeleted
		}
	}
	s.mu.Unlock()
	s.signal()
}

// process brings the analysis up to date with the buffers and the disk, and publishes what
// changed. Callers hold s.work.
func (s *server) process() {
	s.mu.Lock()
	rescan := s.rescan
	s.rescan = false
	dirty := s.dirty
	s.dirty = map[string]bool{}
	if rescan {
		// Every open file is analysed again from its buffer after the scan read the disk.
		for path := range s.docs {
			if isRust(path) {
				dirty[path] = false
			}
		}
	}
	s.mu.Unlock()
	if rescan || !s.loaded {
		if !s.load(dirty) {
			return
		}
	}
	if s.session == nil || len(dirty) == 0 {
		return
	}
	crates := map[string]bool{}
	forced := map[string]bool{}
	paths := make([]string, 0, len(dirty))
	for p := range dirty {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, path := range paths {
		onDisk := dirty[path]
		s.mu.Lock()
		d := s.docs[path]
		var snap *snapshot
		var src []byte
		if d != nil {
			src = d.src
			snap = &snapshot{uri: d.uri, version: d.version, text: newText(src)}
		}
		s.mu.Unlock()
		if old := s.session.CrateOf(path); old != "" {
			// The file's old crate is settled again too, in case it moved.
			if held, _ := s.session.Holds(path); held {
				crates[old] = true
			}
		}
		switch {
		case d != nil:
			for _, c := range s.scanCrateOf(path) {
				crates[c] = true
			}
			crate, _ := s.session.Update(path, src)
			crates[crate] = true
			s.analysed[path] = snap
			forced[path] = true
		default:
			delete(s.analysed, path)
			_, found := s.session.Holds(path)
			if (found || (onDisk && s.walkable(path))) && exists(path) {
				crate, _ := s.session.Reload(path)
				crates[crate] = true
			} else if crate := s.session.Forget(path); crate != "" {
				crates[crate] = true
			}
			forced[path] = true
		}
	}
	list := make([]string, 0, len(crates))
	for c := range crates {
		if c != "" {
			list = append(list, c)
		}
	}
	findings, notes := s.session.Settle(list...)
	s.publish(crates, findings, notes, forced)
}

// load reads the configuration and scans the workspace: the first time, and again when the
// configuration or a manifest changed. It returns false when there is nothing to analyse with
// (the configuration is invalid, or no root is known yet).
func (s *server) load(dirty map[string]bool) bool {
	s.mu.Lock()
	roots := append([]string(nil), s.roots...)
	s.mu.Unlock()
	start := ""
	if len(roots) > 0 {
		start = roots[0]
	} else {
		// No workspace: the configuration is found from the first file opened.
		for p := range dirty {
			if start == "" || p < start {
				start = p
			}
		}
		if start == "" {
			return false
		}
		start = filepath.Dir(start)
	}
	if s.session != nil {
		s.session.Close()
		s.session = nil
	}
	s.loaded = true
	s.scanned = nil
	cfg, err := s.opts.Load(start)
	if err != nil {
		s.configFailed(err)
		return false
	}
	s.clearConfigDiag()
	eng := rules.NewEngine(rules.All, cfg.Settings)
	s.session = scan.NewSession(scan.Options{Engine: eng, Exclude: cfg.Exclude, Jobs: s.opts.Jobs})
	began := time.Now()
	files := 0
	for _, r := range roots {
		res, err := s.session.Scan(s.ctx, []string{r})
		if err != nil {
			s.log(messageError, "cannot scan %s: %v", r, err)
			continue
		}
		files += res.Scanned
		s.scanned = append(s.scanned, r)
	}
	if len(roots) > 0 {
		where := "no configuration file"
		if cfg.Path != "" {
			where = "configuration " + cfg.Path
		}
		s.log(messageInfo, "rustaudit: %d files analysed in %s (%s)", files, time.Since(began).Round(time.Millisecond), where)
	}
	// Everything is published again: findings of files that are gone are cleared.
	crates := map[string]bool{}
	for _, c := range s.session.Crates() {
		crates[c] = true
	}
	for _, p := range s.published {
		crates[p.crate] = true
	}
	findings, notes := s.session.Settle(s.session.Crates()...)
	s.publish(crates, findings, notes, nil)
	return true
}

// scanCrateOf scans the package of a file opened outside every scanned directory, so that
// its crate-wide facts are known; it returns the crates found.
func (s *server) scanCrateOf(path string) []string {
	for _, r := range s.scanned {
		if within(path, r) {
			return nil
		}
	}
	if !s.session.HasManifest(path) {
		return nil
	}
	root := s.session.CrateOf(path)
	res, err := s.session.Scan(s.ctx, []string{root})
	s.scanned = append(s.scanned, root)
	if err != nil || res == nil {
		return nil
	}
	var crates []string
	for _, c := range s.session.Crates() {
		if within(c, root) {
			crates = append(crates, c)
		}
	}
	return crates
}

// walkable reports whether a file a watcher saw would be found by a scan of the workspace:
// below a scanned directory, not in target/ or a hidden directory, not excluded. (.gitignore
// files are not read here.)
func (s *server) walkable(path string) bool {
	for _, r := range s.scanned {
		rel, err := filepath.Rel(r, path)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		for _, seg := range strings.Split(filepath.Dir(rel), string(filepath.Separator)) {
			if seg == "target" || (strings.HasPrefix(seg, ".") && seg != ".") {
				return false
			}
		}
		return !s.session.Excluded(path)
	}
	return false
}

func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

func exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// configFailed reports an invalid configuration: as a message, and as a diagnostic on the
// file when the error names one. Nothing else is published until it is fixed: diagnostics
// from rules the configuration turned off would mislead.
func (s *server) configFailed(err error) {
	s.show(messageError, "rustaudit: invalid configuration, no diagnostics until it is fixed: %v", err)
	for path, p := range s.published {
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: p.uri, Diagnostics: []Diagnostic{}})
		delete(s.published, path)
	}
	var ce *config.Error
	if errors.As(err, &ce) && ce.Path != "" {
		line := max(ce.Line-1, 0)
		s.cfgDiag = ce.Path
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathToURI(ce.Path), Diagnostics: []Diagnostic{{
			Range:    Range{Start: Position{Line: line}, End: Position{Line: line + 1}},
			Severity: severityError, Source: "rustaudit", Message: ce.Msg,
		}}})
	}
}

func (s *server) clearConfigDiag() {
	if s.cfgDiag != "" {
		s.notify("textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: pathToURI(s.cfgDiag), Diagnostics: []Diagnostic{}})
		s.cfgDiag = ""
	}
}

// notify sends a notification; a closed connection is not an error worth reporting.
func (s *server) notify(method string, params any) {
	_ = s.conn.Notify(s.ctx, method, params)
}

func (s *server) log(typ int, format string, args ...any) {
	s.notify("window/logMessage", MessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

func (s *server) show(typ int, format string, args ...any) {
	s.notify("window/showMessage", MessageParams{Type: typ, Message: fmt.Sprintf(format, args...)})
}

// equalDiags compares two lists of diagnostics.
func equalDiags(a, b []Diagnostic) bool {
	if len(a) == 0 && len(b) == 0 {
		return true
	}
	return reflect.DeepEqual(a, b)
}
