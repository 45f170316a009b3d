package rules

// Unsettle makes a result that went through Settle ready for another Settle. Settle marks
// the rustaudit:allow directives that silenced a finding settled from crate-wide facts; a
// language server settles a crate again after every edit, and a mark left from an earlier
// settle would keep an allow that silences nothing any more from being reported. The marks
// made by the findings of the file itself (at analysis) are made again.
func (r *FileResult) Unsettle() {
	s := r.suppress
	if s == nil {
		return
	}
	for i := range s.dirs {
		clear(s.dirs[i].used)
	}
	for i := range r.Findings {
		s.apply(&r.Findings[i])
	}
}
