// Command scanbench measures, in one run and over the same files, how much a full scan costs
// on top of parsing, and how it scales with workers:
//
//	ts     tree-sitter parse only: find the files (handed out as the walk finds them, as scan.Run
//	       does), read, parse, delete the tree (the floor)
//	flat   ts + flatten the tree into Go memory (parser.Parse without macro re-parsing)
//	parse  rustaudit parse: scan.Run with ParseOnly (flatten, macro re-parse, imports), with
//	       the full scan's engine, which chooses the macro bodies worth re-parsing
//	scan   full scan with every rule enabled (scan.Run, as the CLI runs it, minus output)
//	warm   the same scan again over an unchanged tree, served by the cache (scan.Cache) that
//	       an uncounted first run filled (not in the default -modes)
//
// Every mode runs once per round for each worker count, in an order that rotates from round
// to round, so that machine noise hits all modes alike; the median of the rounds is reported,
// as wall time and as CPU time (user+sys of the whole process, which a busy machine disturbs
// less than wall time).
//
//	go run ./bench/scanbench [-j 1,2] [-rounds 5] [-modes ts,flat,parse,scan,warm] [-cpuprofile F] [-memprofile F] DIR...
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/rustaudit/rustaudit/finding"
	"github.com/rustaudit/rustaudit/parser"
	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/scan"
	"golang.org/x/sys/unix"
)

type mode struct {
	id, name string
}

var modes = []mode{
	{"ts", "tree-sitter parse only"},
	{"flat", "ts + flatten (no macros)"},
	{"parse", "rustaudit parse"},
	{"scan", "full scan, all rules"},
	{"warm", "full scan served by a warm cache"},
}

// warmCache is the cache of the warm mode, filled by its first run (the same run as a cold
// scan, not counted: the rounds measure re-scans of an unchanged tree).
var warmCache *scan.Cache

type sample struct {
	wall, cpu time.Duration
	files     int
	bytes     int64
	findings  int
}

func main() {
	jobsFlag := flag.String("j", "1,2", "comma-separated worker counts, each measured in the same run")
	rounds := flag.Int("rounds", 5, "rounds of each measurement (the median is reported); 0: only the profiles")
	modeFlag := flag.String("modes", "ts,flat,parse,scan", "modes to measure")
	cpuProfile := flag.String("cpuprofile", "", "after the rounds, profile full scans (CPU) into this file")
	memProfile := flag.String("memprofile", "", "after the rounds, write an allocation profile of full scans to this file")
	profRounds := flag.Int("profile-rounds", 3, "full scans run under -cpuprofile / -memprofile")
	pairedRounds := flag.Int("paired", 0, "also measure the stages back to back on each file, this many rounds (see paired)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: scanbench [-j 1,2] [-rounds R] [-modes ts,flat,parse,scan] [-cpuprofile F] [-memprofile F] DIR...")
		os.Exit(2)
	}
	var jobs []int
	for _, s := range strings.Split(*jobsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			fatal(fmt.Errorf("bad -j %q", *jobsFlag))
		}
		jobs = append(jobs, n)
	}
	var ms []mode
	for _, id := range strings.Split(*modeFlag, ",") {
		i := slices.IndexFunc(modes, func(m mode) bool { return m.id == id })
		if i < 0 {
			fatal(fmt.Errorf("unknown mode %q", id))
		}
		ms = append(ms, modes[i])
	}
	if *memProfile != "" {
		runtime.MemProfileRate = 64 << 10 // set before anything allocates much
	}
	paths := flag.Args()
	eng := allRules()
	load0 := loadavg()

	// Warm-up (untimed): fills the page cache and the parsers' first allocations; also counts
	// the lines of the workload.
	files := discover(paths)
	var lines int
	var size int64
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			fatal(err)
		}
		size += int64(len(src))
		lines += bytes.Count(src, []byte{'\n'})
	}
	run(mode{id: "ts"}, paths, slices.Max(jobs), eng)
	if *rounds > 0 {
		measure(ms, jobs, *rounds, paths, eng, files, lines, size, load0)
	}
	if *pairedRounds > 0 {
		paired(files, jobs, *pairedRounds, eng)
	}

	if *cpuProfile != "" || *memProfile != "" {
		profile(*cpuProfile, *memProfile, *profRounds, slices.Max(jobs), paths, eng)
	}
}

// measure runs the interleaved rounds and prints the table and the ratios.
func measure(ms []mode, jobs []int, rounds int, paths []string, eng *rules.Engine, files []string, lines int, size int64, load0 string) {
	res := map[string]map[int][]sample{}
	for _, m := range ms {
		res[m.id] = map[int][]sample{}
	}
	for r := 0; r < rounds; r++ {
		for k := range ms {
			m := ms[(k+r)%len(ms)]
			for i := range jobs {
				j := jobs[i]
				if r%2 == 1 {
					j = jobs[len(jobs)-1-i]
				}
				res[m.id][j] = append(res[m.id][j], run(m, paths, j, eng))
			}
		}
	}
	load1 := loadavg()
	if warmCache != nil {
		os.RemoveAll(warmCache.Dir)
	}

	fmt.Printf("workload: %s\n", strings.Join(paths, " "))
	fmt.Printf("  %d files, %d lines, %.1f MB; %d rounds, median of each; NumCPU %d, GOMAXPROCS %d\n",
		len(files), lines, mb(size), rounds, runtime.NumCPU(), runtime.GOMAXPROCS(0))
	fmt.Printf("  load average before %s, after %s\n", load0, load1)
	for _, m := range ms {
		for _, j := range jobs {
			s := res[m.id][j][0]
			if s.files != len(files) || s.bytes != size {
				fmt.Printf("  WARNING: %s -j%d saw %d files / %d bytes, the workload has %d / %d\n", m.id, j, s.files, s.bytes, len(files), size)
			}
		}
	}
	if s, ok := res["scan"]; ok {
		fmt.Printf("  full scan findings: %d\n", s[jobs[0]][0].findings)
		if w, ok := res["warm"]; ok && w[jobs[0]][0].findings != s[jobs[0]][0].findings {
			fmt.Printf("  WARNING: the warm scan found %d\n", w[jobs[0]][0].findings)
		}
	}
	fmt.Println()
	fmt.Printf("%-34s", "")
	for _, j := range jobs {
		fmt.Printf(" | %-26s", fmt.Sprintf("-j %d", j))
	}
	fmt.Println()
	fmt.Printf("%-34s", "mode")
	for range jobs {
		fmt.Printf(" | %8s %8s %8s", "wall s", "MB/s", "cpu s")
	}
	fmt.Println()
	med := func(id string, j int) (wall, cpu time.Duration) {
		ss := res[id][j]
		return median(ss, func(s sample) time.Duration { return s.wall }), median(ss, func(s sample) time.Duration { return s.cpu })
	}
	for _, m := range ms {
		fmt.Printf("%-34s", m.id+"  "+m.name)
		for _, j := range jobs {
			w, c := med(m.id, j)
			fmt.Printf(" | %8.3f %8.1f %8.3f", w.Seconds(), mb(size)/w.Seconds(), c.Seconds())
		}
		fmt.Println()
	}
	fmt.Println()
	ratio := func(a, b string) {
		if res[a] == nil || res[b] == nil {
			return
		}
		fmt.Printf("%-16s", a+" / "+b)
		for _, j := range jobs {
			wa, ca := med(a, j)
			wb, cb := med(b, j)
			fmt.Printf("  -j%d: %.2fx wall, %.2fx cpu", j, wa.Seconds()/wb.Seconds(), ca.Seconds()/cb.Seconds())
		}
		fmt.Println()
	}
	ratio("scan", "ts")
	ratio("scan", "parse")
	ratio("scan", "warm")
	ratio("parse", "ts")
	ratio("flat", "ts")
	ratio("parse", "flat")
	if len(jobs) > 1 {
		j1 := jobs[0]
		for _, j := range jobs[1:] {
			fmt.Printf("throughput -j%d / -j%d:", j, j1)
			for _, m := range ms {
				w1, _ := med(m.id, j1)
				wj, _ := med(m.id, j)
				fmt.Printf("  %s %.2fx", m.id, w1.Seconds()/wj.Seconds())
			}
			fmt.Println()
		}
	}

	// The same ratios taken within each round and then the median: the two runs of a ratio
	// are minutes apart at most, instead of spread over the whole measurement, which keeps a
	// host whose speed drifts from tilting them (the j values of a mode run back to back).
	perRound := func(a string, ja int, b string, jb int) float64 {
		var rs []float64
		for r := range res[a][ja] {
			rs = append(rs, res[a][ja][r].wall.Seconds()/res[b][jb][r].wall.Seconds())
		}
		slices.Sort(rs)
		return rs[len(rs)/2]
	}
	fmt.Printf("\nmedians of the ratios within each round (wall):\n")
	if res["scan"] != nil && res["ts"] != nil {
		fmt.Printf("%-16s", "scan / ts")
		for _, j := range jobs {
			fmt.Printf("  -j%d: %.2fx", j, perRound("scan", j, "ts", j))
		}
		fmt.Println()
	}
	if len(jobs) > 1 {
		j1 := jobs[0]
		for _, j := range jobs[1:] {
			fmt.Printf("throughput -j%d / -j%d:", j, j1)
			for _, m := range ms {
				fmt.Printf("  %s %.2fx", m.id, perRound(m.id, j1, m.id, j))
			}
			fmt.Println()
		}
	}
}

// paired measures each stage of a scan back to back on every file, in the same goroutine
// locked to its OS thread, and sums the thread CPU time of each stage over the workload:
//
//	ts     tree-sitter parse only (parse, delete)
//	flat   parse and flatten into Go memory, no macro re-parsing
//	parse  rustaudit's parse: flatten, macro bodies re-parsed (as the full scan chooses them), imports
//	rules  every rule over that tree (Engine.Analyze; the crate-wide settling is not included)
//	settle the crate-wide settling of all the files' results (Engine.Settle, once per round on
//	       one thread; a file's crate is the nearest folder with a Cargo.toml, and no package
//	       is loaded, so it approximates scan.Run's settling)
//
// On a shared host whose speed changes from minute to minute, this keeps the comparison
// between stages fair: whatever slows one file down slows all of its stages. Reading files
// is left out of every stage (it is the same for all). Each worker count runs rounds times;
// the medians are reported.
func paired(files []string, jobs []int, rounds int, eng *rules.Engine) {
	stages := []string{"ts", "flat", "parse", "rules", "settle"}
	type sums [5]time.Duration
	type out struct {
		s       sums
		results []*rules.FileResult
	}
	words := eng.MacroWords()
	crates := map[string]string{}
	for _, f := range files {
		crates[f] = crateDir(f)
	}
	one := func(j int) sums {
		next := make(chan string)
		outs := make(chan out)
		for w := 0; w < j; w++ {
			go func() {
				runtime.LockOSThread()
				defer runtime.UnlockOSThread()
				flat, full := parser.NewParser(), parser.NewParser()
				defer flat.Close()
				defer full.Close()
				flat.ExpandMacros = false
				full.MacroWords = words
				var s sums
				var results []*rules.FileResult
				for f := range next {
					src, err := os.ReadFile(f)
					if err != nil {
						fatal(err)
					}
					t0 := threadCPU()
					if err := flat.ParseOnly(src); err != nil {
						fatal(fmt.Errorf("%s: %v", f, err))
					}
					t1 := threadCPU()
					tr, err := flat.Parse(f, src)
					if err != nil {
						fatal(err)
					}
					flat.Recycle(tr)
					t2 := threadCPU()
					tr, err = full.Parse(f, src)
					if err != nil {
						fatal(err)
					}
					t3 := threadCPU()
					res := eng.Analyze(tr, rules.FileInfo{Path: f, Crate: crates[f], Edition: "2021"})
					t4 := threadCPU()
					results = append(results, res)
					full.Recycle(tr)
					s[0] += t1 - t0
					s[1] += t2 - t1
					s[2] += t3 - t2
					s[3] += t4 - t3
				}
				outs <- out{s, results}
			}()
		}
		go func() {
			for _, f := range files {
				next <- f
			}
			close(next)
		}()
		var total sums
		var results []*rules.FileResult
		for w := 0; w < j; w++ {
			o := <-outs
			for i := range o.s {
				total[i] += o.s[i]
			}
			results = append(results, o.results...)
		}
		runtime.LockOSThread()
		t0 := threadCPU()
		eng.Settle(results)
		total[4] = threadCPU() - t0
		runtime.UnlockOSThread()
		return total
	}
	fmt.Printf("\npaired: every stage back to back on each file; thread CPU seconds summed over the workload, median of %d rounds\n", rounds)
	fmt.Printf("%-6s", "")
	for _, st := range stages {
		fmt.Printf(" %8s", st)
	}
	fmt.Printf(" | %12s %12s %10s %10s %10s %10s\n", "flat/ts", "parse/ts", "rules/ts", "scan/ts", "settle/ts", "+settle")
	for _, j := range jobs {
		var runs []sums
		for r := 0; r < rounds; r++ {
			runs = append(runs, one(j))
		}
		var med sums
		for i := range med {
			v := make([]time.Duration, len(runs))
			for r := range runs {
				v[r] = runs[r][i]
			}
			slices.Sort(v)
			med[i] = v[len(v)/2]
		}
		fmt.Printf("-j%-4d", j)
		for _, d := range med {
			fmt.Printf(" %8.3f", d.Seconds())
		}
		ts := med[0].Seconds()
		fmt.Printf(" | %11.2fx %11.2fx %9.2fx %9.2fx %9.2fx %9.2fx\n", med[1].Seconds()/ts, med[2].Seconds()/ts, med[3].Seconds()/ts,
			(med[2]+med[3]).Seconds()/ts, med[4].Seconds()/ts, (med[2]+med[3]+med[4]).Seconds()/ts)
	}
	fmt.Println("  scan/ts = (parse + rules) / ts: the issue's full scan over parse-only, less reading and settling")
	fmt.Println("  +settle = (parse + rules + settle) / ts: with the crate-wide settling (on one thread, after the files)")
}

// crateDir is the folder of the nearest Cargo.toml above file (its own folder when none).
func crateDir(file string) string {
	for d := filepath.Dir(file); ; {
		if _, err := os.Stat(filepath.Join(d, "Cargo.toml")); err == nil {
			return d
		}
		up := filepath.Dir(d)
		if up == d {
			return filepath.Dir(file)
		}
		d = up
	}
}

// threadCPU returns the CPU time of the calling OS thread.
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		fatal(err)
	}
	return time.Duration(ts.Nano())
}

// profile runs n full scans with j workers under the CPU profiler and/or writes the
// allocation profile afterwards (cumulative since the start: the warm-up and, unless
// -rounds 0, the measured rounds too).
func profile(cpuProfile, memProfile string, n, j int, paths []string, eng *rules.Engine) {
	var cf *os.File
	if cpuProfile != "" {
		var err error
		if cf, err = os.Create(cpuProfile); err != nil {
			fatal(err)
		}
		if err := pprof.StartCPUProfile(cf); err != nil {
			fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		run(mode{id: "scan"}, paths, j, eng)
	}
	if cf != nil {
		pprof.StopCPUProfile()
		cf.Close()
		fmt.Printf("\nCPU profile of %d full scans at -j%d: %s\n", n, j, cpuProfile)
	}
	if memProfile != "" {
		f, err := os.Create(memProfile)
		if err != nil {
			fatal(err)
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			fatal(err)
		}
		f.Close()
		fmt.Printf("allocation profile of %d full scans at -j%d: %s (go tool pprof -sample_index=alloc_space)\n", n, j, memProfile)
	}
}

// allRules returns an engine with every rule enabled, including those off by default.
func allRules() *rules.Engine {
	all := &rules.Settings{Levels: map[string]finding.Level{}}
	for _, r := range rules.All {
		if r.Level == finding.LevelAllow {
			all.Levels[r.ID] = finding.LevelWarning
		}
	}
	return rules.NewEngine(rules.All, all)
}

// discover lists the files scan.Run would scan under paths, sorted.
func discover(paths []string) []string {
	var files []string
	walk(paths, func(p string) { files = append(files, p) })
	slices.Sort(files)
	return files
}

// walk calls found with each file scan.Run would scan under paths, as its walk finds it,
// through its Exclude hook (which sees every candidate .rs file that .gitignore keeps),
// excluding them all so that nothing is read.
func walk(paths []string, found func(string)) {
	_, err := scan.Run(context.Background(), scan.Options{Paths: paths, Jobs: 1, ParseOnly: true,
		Exclude: func(p string) bool {
			if !strings.HasSuffix(p, ".rs") {
				return false
			}
			if st, err := os.Lstat(p); err != nil || st.IsDir() {
				return false
			}
			found(p)
			return true
		}})
	if err != nil {
		fatal(err)
	}
}

// run measures one mode once with j workers.
func run(m mode, paths []string, j int, eng *rules.Engine) sample {
	runtime.GC() // the previous run's garbage is not this run's cost
	c0, t0 := cpuTime(), time.Now()
	var s sample
	switch m.id {
	case "ts", "flat":
		s = pool(paths, j, m.id == "flat")
	case "parse", "scan":
		// The engine is given to the parse mode too: it chooses which macro bodies are re-parsed.
		res, err := scan.Run(context.Background(), scan.Options{Paths: paths, Jobs: j, Engine: eng, ParseOnly: m.id == "parse"})
		if err != nil {
			fatal(err)
		}
		s = sample{files: res.Scanned, bytes: res.Bytes, findings: len(res.Findings)}
	case "warm":
		if warmCache == nil {
			dir, err := os.MkdirTemp("", "scanbench-cache")
			if err != nil {
				fatal(err)
			}
			warmCache = &scan.Cache{Dir: dir, Salt: []byte("scanbench")}
			if _, err := scan.Run(context.Background(), scan.Options{Paths: paths, Jobs: j, Engine: eng, Cache: warmCache}); err != nil {
				fatal(err)
			}
			runtime.GC()
			c0, t0 = cpuTime(), time.Now()
		}
		res, err := scan.Run(context.Background(), scan.Options{Paths: paths, Jobs: j, Engine: eng, Cache: warmCache})
		if err != nil {
			fatal(err)
		}
		s = sample{files: res.Scanned, bytes: res.Bytes, findings: len(res.Findings)}
	}
	s.wall, s.cpu = time.Since(t0), cpuTime()-c0
	return s
}

// pool reads and parses the files under paths with j workers, each with its own parser, as
// scan.Run does: the files are handed out as the walk finds them. flatten selects
// parser.Parse without macro re-parsing; otherwise the tree-sitter tree is deleted as soon
// as it is built.
func pool(paths []string, j int, flatten bool) sample {
	next := make(chan string)
	type out struct {
		bytes int64
		ok    bool
	}
	outs := make(chan out, j)
	var wg sync.WaitGroup
	for w := 0; w < j; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := parser.NewParser()
			defer p.Close()
			p.Budget = scan.DefaultParseBudget
			p.ExpandMacros = false
			for f := range next {
				src, err := os.ReadFile(f)
				if err != nil {
					outs <- out{}
					continue
				}
				if flatten {
					var t *parser.Tree
					t, err = p.Parse(f, src)
					p.Recycle(t) // as scan.Run does
				} else {
					err = p.ParseOnly(src)
				}
				outs <- out{bytes: int64(len(src)), ok: err == nil}
			}
		}()
	}
	go func() {
		defer close(next)
		walk(paths, func(f string) { next <- f })
	}()
	go func() {
		wg.Wait()
		close(outs)
	}()
	var s sample
	for o := range outs {
		s.bytes += o.bytes
		if o.ok {
			s.files++
		}
	}
	return s
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func median(ss []sample, f func(sample) time.Duration) time.Duration {
	ds := make([]time.Duration, len(ss))
	for i, s := range ss {
		ds[i] = f(s)
	}
	slices.Sort(ds)
	return ds[len(ds)/2]
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "scanbench:", err)
	os.Exit(1)
}
