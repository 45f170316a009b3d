// Command scanbench measures a scan against parse-only over the same files, in one run, with
// the runs interleaved so that machine noise hits both alike.
//
//	go run ./bench/scanbench [-j N] [-rounds R] DIR...
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/rustaudit/rustaudit/rules"
	"github.com/rustaudit/rustaudit/scan"
)

func main() {
	jobs := flag.Int("j", runtime.NumCPU(), "workers")
	rounds := flag.Int("rounds", 3, "rounds of each measurement (the median is reported)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: scanbench [-j N] [-rounds R] DIR...")
		os.Exit(2)
	}
	all := &rules.Settings{Levels: map[string]rules.Level{}}
	for _, r := range rules.All {
		if r.Level == rules.LevelAllow {
			all.Levels[r.ID] = rules.LevelWarning // every rule enabled
		}
	}
	eng := rules.NewEngine(rules.All, all)
	measure := func(parseOnly bool) (time.Duration, *scan.Result) {
		start := time.Now()
		res, err := scan.Run(context.Background(), scan.Options{Paths: flag.Args(), Jobs: *jobs, Engine: eng, ParseOnly: parseOnly})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return time.Since(start), res
	}
	var parse, full []time.Duration
	var res *scan.Result
	for i := 0; i < *rounds; i++ {
		d, _ := measure(true)
		parse = append(parse, d)
		d, res = measure(false)
		full = append(full, d)
	}
	mp, mf := median(parse), median(full)
	mb := float64(res.Bytes) / (1 << 20)
	fmt.Printf("files %d, bytes %d (%.1f MB), workers %d, rounds %d, findings %d\n", res.Scanned, res.Bytes, mb, *jobs, *rounds, len(res.Findings))
	fmt.Printf("%-12s %8s %8s\n", "", "seconds", "MB/s")
	fmt.Printf("%-12s %8.3f %8.1f\n", "parse-only", mp.Seconds(), mb/mp.Seconds())
	fmt.Printf("%-12s %8.3f %8.1f\n", "full scan", mf.Seconds(), mb/mf.Seconds())
	fmt.Printf("full / parse-only: %.2fx\n", mf.Seconds()/mp.Seconds())
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}
