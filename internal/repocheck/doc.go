// Package repocheck holds tests of the repository itself rather than of a Go package: the
// GitHub Action and workflows, the pre-commit hooks (run for real), and README's promises.
package repocheck
