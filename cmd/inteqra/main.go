// Command inteqra runs the migrant integration platform of the State
// Migration Service: the web server, migrations, demo data and admin tools.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

const usage = `inteqra — migrant integration platform

Usage:
  inteqra demo  [flags]     create inteqra.db with demo data and serve it
  inteqra serve [flags]     serve (flags: -addr, -db, -base-url; or INTEQRA_* variables)
  inteqra migrate [flags]   bring the database schema up to date
  inteqra user create -email E -name N -role R [-org ID] [-lang az|en|ru]
  inteqra import persons FILE [-db DSN] [-mode all|valid] [-dry-run] [-force] [-map column=field,...]
  inteqra audit verify [-checkpoint FILE]  check the audit chain against its signed checkpoints
  inteqra audit checkpoint                sign the chain's head; print the latest checkpoint to keep elsewhere
  inteqra backup [-db DSN] [-files DIR] -o FILE|DIR   archive the database and files while the server serves
  inteqra backup verify ARCHIVE           check an archive without restoring it
  inteqra restore ARCHIVE [-db DSN] [-files DIR] [-force]  check an archive, then put it in place
  inteqra migrate-data -from SQLITE_FILE -to postgres://… [-files DIR] [-force]
                                          copy a SQLite installation into PostgreSQL (server stopped)
  inteqra duplicates scan [-db …]          find likely duplicates across the whole registry
  inteqra generate persons -n N -o FILE   write N realistic persons as a CSV import file
  inteqra generate statistics [-db …] [-cases N] [-cohorts N] [-proposals N]
                                          add cases, courses and proposals around an imported registry
  inteqra statistics refresh [-db …] [-probe 20ms]  rebuild the dashboards' analytics table now (-probe: time writes meanwhile)
  inteqra loadtest search [-db …] [-requests N] [-concurrency C] [-api | -sql] [-url URL]
  inteqra loadtest mixed [-db …] [-requests N] [-concurrency C]
  inteqra loadtest dashboards [-db …] [-requests N] [-concurrency C]
  inteqra version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if path := os.Getenv("INTEQRA_CPUPROFILE"); path != "" {
		defer profileCPU(path)()
	}
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "inteqra:", err)
		os.Exit(1)
	}
}

// profileCPU writes a CPU profile of the whole command to path, for the
// measurements in docs/PERFORMANCE.md; the returned function ends it.
func profileCPU(path string) func() {
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "inteqra: cpu profile:", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Print(usage)
		return nil
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, false)
	case "demo":
		return serve(ctx, rest, true)
	case "migrate":
		return migrate(ctx, rest)
	case "user":
		if len(rest) > 0 && rest[0] == "create" {
			return userCreate(ctx, rest[1:])
		}
	case "import":
		return importCommand(ctx, rest)
	case "audit":
		if len(rest) > 0 && rest[0] == "verify" {
			return auditVerify(ctx, rest[1:])
		}
		if len(rest) > 0 && rest[0] == "checkpoint" {
			return auditCheckpoint(ctx, rest[1:], os.Stdout)
		}
	case "backup":
		return backupCommand(ctx, rest, os.Stdout)
	case "restore":
		return restoreCommand(ctx, rest, os.Stdout)
	case "migrate-data":
		return migrateData(ctx, rest, os.Stdout)
	case "duplicates":
		if len(rest) > 0 && rest[0] == "scan" {
			return duplicatesScan(ctx, rest[1:])
		}
	case "generate":
		if len(rest) > 0 && rest[0] == "persons" {
			return generatePersons(ctx, rest[1:])
		}
		if len(rest) > 0 && rest[0] == "statistics" {
			return generateStatistics(ctx, rest[1:])
		}
	case "loadtest":
		if len(rest) > 0 && rest[0] == "search" {
			return loadtestSearch(ctx, rest[1:])
		}
		if len(rest) > 0 && rest[0] == "dashboards" {
			return loadtestDashboards(ctx, rest[1:])
		}
		if len(rest) > 0 && rest[0] == "mixed" {
			return loadtestMixed(ctx, rest[1:])
		}
	case "statistics":
		if len(rest) > 0 && rest[0] == "refresh" {
			return statisticsRefresh(ctx, rest[1:])
		}
	case "version":
		return version()
	case "help", "-h", "--help":
		fmt.Print(usage)
		return nil
	}
	fmt.Fprint(os.Stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
