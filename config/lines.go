package config

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// keyLines maps a dotted key path (parts joined by keySep) to the 1-based line where the key
// first appears: in a [table] header, a dotted key or an inline table.
type keyLines map[string]int

const keySep = "\x00"

// at returns the line of path, or of its nearest ancestor that has one, or 0.
func (k keyLines) at(path []string) int {
	for n := len(path); n > 0; n-- {
		if l, ok := k[strings.Join(path[:n], keySep)]; ok {
			return l
		}
	}
	return 0
}

func elemKey(i int) string { return "[" + strconv.Itoa(i) + "]" }

// indexKeys walks the document's expressions with go-toml's low-level parser to learn where
// each key is; the decoder's generic values carry no positions. The document has already
// been decoded without error.
func indexKeys(data []byte) keyLines {
	lines := keyLines{}
	p := &unstable.Parser{}
	p.Reset(data)
	var table []string
	record := func(prefix []string, it unstable.Iterator) []string {
		path := append([]string(nil), prefix...)
		for it.Next() {
			n := it.Node()
			path = append(path, string(n.Data))
			key := strings.Join(path, keySep)
			if _, ok := lines[key]; !ok {
				lines[key] = p.Shape(n.Raw).Start.Line
			}
		}
		return path
	}
	var keyValue func(prefix []string, kv *unstable.Node)
	keyValue = func(prefix []string, kv *unstable.Node) {
		path := record(prefix, kv.Key())
		switch v := kv.Value(); v.Kind {
		case unstable.InlineTable:
			it := v.Children()
			for it.Next() {
				if c := it.Node(); c.Kind == unstable.KeyValue {
					keyValue(path, c)
				}
			}
		case unstable.Array:
			// Elements are keyed "[i]" under the array, for messages about one element.
			it := v.Children()
			i := 0
			for it.Next() {
				c := it.Node()
				if c.Kind == unstable.Comment {
					continue
				}
				if c.Raw.Length > 0 {
					lines[strings.Join(append(path, elemKey(i)), keySep)] = p.Shape(c.Raw).Start.Line
				}
				i++
			}
		}
	}
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = record(nil, e.Key())
		case unstable.KeyValue:
			keyValue(table, e)
		}
	}
	return lines
}
