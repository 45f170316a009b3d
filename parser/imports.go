package parser

import "strings"

// Imports maps the names a file brings into scope with `use` to the paths they stand for.
// Scoping is by file: a `use` inside a function or module counts for the whole file, which
// is what rules need to recognise `sleep(..)` after `use tokio::time::sleep`.
type Imports struct {
	Names map[string]string // local name -> full path, e.g. "go" -> "tokio::spawn"
	Globs []string          // prefixes imported with `::*`, e.g. "tokio::time"
}

// collectImports gathers the file's `use` declarations into one table. Those of the file's
// own module come first and win: a `use std::sync::Mutex` inside an inline `mod test { .. }`
// does not change what `Mutex` means in the rest of the file (`use futures::lock::Mutex` at
// the top). A nested module's imports only add names the file's module does not import.
func collectImports(t *Tree) *Imports {
	im := &Imports{Names: map[string]string{}}
	var nested []NodeID
	for i := range t.Nodes {
		if t.Nodes[i].Kind != KUseDeclaration {
			continue
		}
		arg := t.Field(NodeID(i), FArgument)
		if arg < 0 {
			continue
		}
		if inNestedModule(t, NodeID(i)) {
			nested = append(nested, arg)
			continue
		}
		im.add(t, arg, "")
	}
	if len(nested) > 0 {
		inner := &Imports{Names: map[string]string{}}
		for _, arg := range nested {
			inner.add(t, arg, "")
		}
		for k, v := range inner.Names {
			if _, own := im.Names[k]; !own {
				im.Names[k] = v
			}
		}
		im.Globs = append(im.Globs, inner.Globs...)
	}
	return im
}

// inNestedModule reports whether n sits inside an inline `mod x { .. }` of the file.
func inNestedModule(t *Tree, n NodeID) bool {
	for a := t.Parent(n); a >= 0; a = t.Parent(a) {
		if t.Nodes[a].Kind == KModItem {
			return true
		}
	}
	return false
}

func join(prefix, s string) string {
	if prefix == "" {
		return s
	}
	return prefix + "::" + s
}

func (im *Imports) add(t *Tree, n NodeID, prefix string) {
	switch t.Kind(n) {
	case KIdentifier, KScopedIdentifier, KCrate, KSelf, KSuper:
		full := join(prefix, compactPath(t.Text(n)))
		last := full
		if i := strings.LastIndex(full, "::"); i >= 0 {
			last = full[i+2:]
		}
		if last == "self" { // use tokio::task::{self}
			full = strings.TrimSuffix(full, "::self")
			if i := strings.LastIndex(full, "::"); i >= 0 {
				last = full[i+2:]
			} else {
				last = full
			}
		}
		im.Names[last] = full
	case KUseAsClause:
		path := t.Field(n, FPath)
		alias := t.Field(n, FAlias)
		if path >= 0 && alias >= 0 {
			full := join(prefix, compactPath(t.Text(path)))
			full = strings.TrimSuffix(full, "::self")
			im.Names[t.Text(alias)] = full
		}
	case KScopedUseList:
		p := prefix
		if path := t.Field(n, FPath); path >= 0 {
			p = join(prefix, compactPath(t.Text(path)))
		}
		if list := t.Field(n, FList); list >= 0 {
			im.add(t, list, p)
		}
	case KUseList:
		for _, c := range t.NamedChildren(n) {
			im.add(t, c, prefix)
		}
	case KUseWildcard:
		// `use a::b::*`: the path is the text before `::*`
		txt := compactPath(t.Text(n))
		txt = strings.TrimSuffix(strings.TrimSuffix(txt, "*"), "::")
		if txt == "" { // `use a::{b, *}`: the prefix is the path
			im.Globs = append(im.Globs, prefix)
		} else {
			im.Globs = append(im.Globs, join(prefix, txt))
		}
	}
}

// compactPath removes whitespace and a leading `::` from a path's text.
func compactPath(s string) string {
	if strings.ContainsAny(s, " \t\r\n") {
		s = strings.Join(strings.Fields(s), "")
	}
	return strings.TrimPrefix(s, "::")
}

// Resolve expands the first segment of a path through the file's imports:
// with `use tokio::task;`, "task::spawn" resolves to "tokio::task::spawn"; with
// `use tokio::spawn as go;`, "go" resolves to "tokio::spawn". Unknown paths come back
// as written (without generic arguments or whitespace).
func (im *Imports) Resolve(path string) string {
	path = stripGenerics(compactPath(path))
	first, rest, hasRest := strings.Cut(path, "::")
	if im != nil {
		if full, ok := im.Names[first]; ok {
			if hasRest {
				return full + "::" + rest
			}
			return full
		}
	}
	return path
}

// stripGenerics removes turbofish and generic arguments: "Vec::<u8>::new" -> "Vec::new".
func stripGenerics(s string) string {
	if !strings.ContainsRune(s, '<') {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '<':
			depth++
		case r == '>' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.ReplaceAll(b.String(), "::::", "::")
}

// GlobFrom reports whether some `use prefix::*` imports names from prefix.
func (im *Imports) GlobFrom(prefix string) bool {
	for _, g := range im.Globs {
		if g == prefix {
			return true
		}
	}
	return false
}
