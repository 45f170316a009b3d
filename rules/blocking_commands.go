package rules

// One-shot commands. A program that parses its command line into a clap `Subcommand` (or
// argh, structopt, bpaf) and runs one handler per command is often a server and a toolbox in
// one binary: `surreal start` serves, `surreal export` writes a file and exits. A blocking
// call matters only when other tasks share the thread; in a command's handler that spawns no
// task and serves nothing, nothing else runs while it blocks, so it holds up only that
// command. The package-wide command-line model (context.go) cannot tell such handlers from
// the server's code; the call graph can: a handler is an async fn that takes the command's
// parsed arguments, and a blocking call whose every caller chain starts at such handlers of
// one-shot commands is command-line code.

import (
	"fmt"
	"strings"

	"github.com/rustaudit/rustaudit/parser"
)

// biCommandDerives are the derives that make a type a command line's parsed arguments,
// by the crate that provides them; the short names of clap's count only when the file
// imports them from clap (pest's grammar derive is also called `Parser`).
var biCommandDerives = map[string]string{
	"StructOpt": "structopt::StructOpt", "FromArgs": "argh::FromArgs", "Bpaf": "bpaf::Bpaf",
}

var biClapDerives = map[string]bool{"Parser": true, "Args": true, "Subcommand": true}

// biCommandDerive returns the argument-parser derive of a struct or enum item, or "".
func biCommandDerive(t *parser.Tree, item parser.NodeID) string {
	for _, at := range attributesOf(t, item) {
		if name := t.NamedChild(at, 0); name < 0 || !t.TextIs(name, "derive") {
			continue
		}
		args := t.Field(at, parser.FArguments)
		if args < 0 {
			continue
		}
		list := strings.Trim(strings.Join(strings.Fields(t.Text(args)), ""), "()")
		for _, d := range strings.Split(list, ",") {
			last := LastSegment(d)
			if full, ok := biCommandDerives[last]; ok {
				return full
			}
			if !biClapDerives[last] {
				continue
			}
			full := d
			if !strings.Contains(d, "::") {
				full = t.Imports.Names[d]
			}
			if strings.HasPrefix(full, "clap::") || strings.HasPrefix(full, "clap_derive::") {
				return "clap::" + last
			}
		}
	}
	return ""
}

// biSubcommandPayloads returns the types a `Subcommand` enum's variants carry: the
// arguments of each command (`Export(ExportArgs)` gives ExportArgs).
func biSubcommandPayloads(t *parser.Tree, enum parser.NodeID) []string {
	var out []string
	list := t.Field(enum, parser.FBody)
	if !t.Is(list, kEnumVariantList) {
		return nil
	}
	for _, v := range t.NamedChildren(list) {
		if !t.Is(v, kEnumVariant) {
			continue
		}
		fields := t.Field(v, parser.FBody)
		if !t.Is(fields, kOrderedFieldList) {
			continue
		}
		for _, ty := range t.NamedChildren(fields) {
			if name := typeName(t, ty); name != "" && name != "Box" {
				out = append(out, name)
			} else if t.Is(ty, parser.KGenericType) {
				// Box<ExportArgs>
				if args := t.FirstChildOfKind(ty, parser.KTypeArguments); args >= 0 {
					if a := t.NamedChild(args, 0); a >= 0 {
						out = append(out, typeName(t, a))
					}
				}
			}
		}
	}
	return out
}

// biParamTypes returns the type names of a fn's parameters: `args: &ExportArgs` gives
// ExportArgs, `Opts { path, .. }: Opts` gives Opts.
func biParamTypes(t *parser.Tree, fn parser.NodeID) []string {
	ps := t.Field(fn, parser.FParameters)
	if ps < 0 {
		return nil
	}
	var out []string
	for _, prm := range t.NamedChildren(ps) {
		if !t.Is(prm, parser.KParameter) {
			continue
		}
		ty := t.Field(prm, parser.FType)
		for t.Is(ty, parser.KReferenceType) {
			ty = t.Field(ty, parser.FType)
		}
		if name := typeName(t, ty); name != "" {
			out = append(out, name)
		}
	}
	return out
}

// biRootIn names the fn item whose body holds n: its ID and its name.
func biRootIn(p *Pass, n parser.NodeID) (id, name string) {
	t := p.Tree
	t.Ancestors(n, func(a parser.NodeID) bool {
		if t.Is(a, parser.KFunctionItem) {
			id, name = biFnID(p, a), t.Text(t.Field(a, parser.FName))
			return false
		}
		return true
	})
	return id, name
}

// commands returns the types that hold one whole command's arguments, by name, with their
// derive: the top-level parser, and what a `Subcommand` variant carries. A struct that
// derives clap's `Args` and no variant carries is part of a command (`#[command(flatten)]`
// options): a fn that takes it is a step of some command, not its handler.
func (g *biGraph) commands(c *Crate) map[string]string {
	if g.cmds != nil {
		return g.cmds
	}
	g.cmds = map[string]string{}
	payload := map[string]bool{}
	files := Facts(c, biFactFile)
	for _, f := range files {
		for _, name := range f.Payloads {
			payload[name] = true
		}
	}
	for _, f := range files {
		for name, derive := range f.Commands {
			if derive != "clap::Args" || payload[name] {
				g.cmds[name] = derive
			}
		}
	}
	return g.cmds
}

// commandArg returns the parameter of fn i that holds a command's parsed arguments, with its
// derive, or "": a parameter of such a type, or `self` of a method of one (`impl Commands {
// async fn run(self) }`).
func (g *biGraph) commandArg(c *Crate, i int) (string, string) {
	cmds := g.commands(c)
	if f := &g.fns[i]; f.Receiver && f.Type != "" {
		if d, ok := cmds[f.Type]; ok {
			return f.Type, d
		}
	}
	for _, ty := range g.fns[i].Params {
		if d, ok := cmds[ty]; ok {
			return ty, d
		}
	}
	return "", ""
}

// startsWork reports whether running fn h may start other work on the runtime: it, or an
// async fn it calls, spawns a task or hands a callback to a server, or calls a synchronous
// fn (by name) that does.
func (g *biGraph) startsWork(h int) bool {
	if v, ok := g.works[h]; ok {
		return v
	}
	if g.works == nil {
		g.works = map[int]bool{}
	}
	v := g.findsWork(h)
	g.works[h] = v
	return v
}

// findsWork is startsWork without the memo.
func (g *biGraph) findsWork(h int) bool {
	if g.spawners(false)[h] {
		return true
	}
	fwd := map[int]bool{h: true}
	names := map[string]bool{}
	queue := []int{h}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for _, ref := range g.fns[j].Calls {
			names[ref.Name] = true
			for _, k := range g.resolve(ref) {
				if !fwd[k] {
					fwd[k] = true
					queue = append(queue, k)
				}
			}
		}
	}
	for k := range g.roots {
		r := &g.roots[k]
		if r.Kind != biRootTask {
			continue
		}
		if i, ok := g.byID[r.In]; ok && fwd[i] || r.In != "" && !ok && names[r.InName] {
			return true
		}
	}
	return false
}

// dispatchWorks is startsWork for a handler that dispatches its command to one fn per arm
// (`match cmd { Build { path } => build(path).await, Host { file } => host(file).await }`):
// the arms are commands of their own, so only the work of the arms on the way to the
// blocking call counts (the callees in onWay), beside what its own body spawns.
func (g *biGraph) dispatchWorks(h int, onWay map[int]bool) bool {
	f := &g.fns[h]
	if len(f.Spawns) > 0 {
		return true
	}
	syncSpawners := g.syncSpawners(false)
	for _, ref := range f.Calls {
		if syncSpawners[ref.Name] {
			return true
		}
		for _, k := range g.resolve(ref) {
			if onWay[k] && g.startsWork(k) {
				return true
			}
		}
	}
	for k := range g.roots {
		if r := &g.roots[k]; r.Kind == biRootTask && r.In == f.ID {
			return true // a callback handed to a server in its own body
		}
	}
	return false
}

// biDispatches reports whether fn's body is one `match` on a parameter (or a field of one,
// or `self`), with lets before it and `Ok(())` after it at most: a fn that runs one command
// per arm.
func biDispatches(t *parser.Tree, fn parser.NodeID) bool {
	body := t.Field(fn, parser.FBody)
	params := map[string]bool{}
	if ps := t.Field(fn, parser.FParameters); ps >= 0 {
		for _, prm := range t.NamedChildren(ps) {
			if pat := t.Field(prm, parser.FPattern); t.Is(prm, parser.KParameter) && t.Is(pat, parser.KIdentifier) {
				params[t.Text(pat)] = true
			}
			if t.Is(prm, parser.KSelfParameter) {
				params["self"] = true // `match self` of a command enum's own `run(self)`
			}
		}
	}
	if body < 0 || len(params) == 0 {
		return false
	}
	var stmts []parser.NodeID
	for _, c := range t.NamedChildren(body) {
		if !t.IsComment(c) {
			stmts = append(stmts, c)
		}
	}
	if n := len(stmts); n > 1 && biUnitTail(t, stmts[n-1]) {
		stmts = stmts[:n-1] // `match cmd { .. } Ok(())`
	}
	if len(stmts) == 0 {
		return false
	}
	last := stmts[len(stmts)-1]
	for _, s := range stmts[:len(stmts)-1] {
		if !t.Is(s, parser.KLetDeclaration) {
			return false
		}
	}
	if t.Is(last, parser.KExpressionStatement) {
		last = t.NamedChild(last, 0)
	}
	if !t.Is(last, parser.KMatchExpression) {
		return false
	}
	v := t.Unparen(t.Field(last, parser.FValue))
	for t.Is(v, parser.KReferenceExpression) || t.Is(v, parser.KFieldExpression) {
		v = t.Unparen(t.Field(v, parser.FValue))
	}
	return (t.Is(v, parser.KIdentifier) || t.Is(v, parser.KSelf)) && params[t.Text(v)]
}

// commandContext tells whether async fn i runs only inside the handlers of one-shot commands:
// every chain of callers up from i ends at an async fn that takes a command's parsed
// arguments and starts no other work, with no root, exported fn or unseen caller on the way.
// It returns the context that says so.
func (g *biGraph) commandContext(c *Crate, i int) (Context, bool) {
	if len(g.commands(c)) == 0 {
		return Context{}, false
	}
	seen := map[int]bool{i: true}
	handlers := map[int]bool{}
	queue := []int{i}
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		if ty, _ := g.commandArg(c, j); ty != "" {
			if g.fns[j].Dispatch && g.dispatchWorks(j, seen) || !g.fns[j].Dispatch && g.startsWork(j) {
				return Context{}, false
			}
			handlers[j] = true
			continue
		}
		if g.fns[j].Exported || len(g.callers[j]) == 0 {
			return Context{}, false // other packages, a trait object or a callback may run it
		}
		for _, k := range g.callers[j] {
			if !seen[k] {
				seen[k] = true
				queue = append(queue, k)
			}
		}
	}
	if len(handlers) == 0 {
		return Context{}, false
	}
	for k := range g.roots {
		r := &g.roots[k]
		if j, ok := g.byID[r.FnID]; ok && seen[j] && (r.Kind == biRootTask || !handlers[j]) {
			return Context{}, false
		}
		for _, ref := range r.Calls {
			for _, j := range g.resolve(ref) {
				if seen[j] && (r.Kind == biRootTask || !handlers[j]) {
					return Context{}, false // a task, or a main that runs it outside a command
				}
			}
		}
	}
	h := -1
	for j := range handlers {
		if h < 0 || g.fns[j].ID < g.fns[h].ID {
			h = j
		}
	}
	ty, derive := g.commandArg(c, h)
	name := g.fns[h].Name
	if m := g.fns[h].Module; m != "" && !g.fns[h].Method {
		name = m + "::" + name
	} else if g.fns[h].Type != "" {
		name = g.fns[h].Type + "::" + name
	}
	why := fmt.Sprintf("in the handler of a command: `%s` takes the command line's parsed arguments (`%s`, `#[derive(%s)]`), spawns no task and serves nothing, so while it blocks it holds up only this command",
		name, ty, derive)
	if len(handlers) > 1 {
		why += fmt.Sprintf("; likewise for the %d other commands that reach it", len(handlers)-1)
	}
	return Context{Kind: CtxCLI, Why: why}, true
}

// biUnitTail reports whether a body's last statement only hands back "done": `Ok(())` or
// `()`.
func biUnitTail(t *parser.Tree, s parser.NodeID) bool {
	if t.Is(s, parser.KExpressionStatement) {
		s = t.NamedChild(s, 0)
	}
	text := joinFields(t.Text(s), "")
	return text == "Ok(())" || text == "()"
}
