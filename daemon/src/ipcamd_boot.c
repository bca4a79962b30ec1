// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * ipcamd-boot: what a bootloader is to an A/B system, for ipcamd.  It
 * starts the firmware slot "current" names (FWDIR/current/sbin/ipcamd) or,
 * with no link, the operating system's ipcamd; it stays outside every
 * slot, so a broken upgrade cannot break it.
 *
 * A slot on trial (boot-state, written by the daemon that installed it)
 * must report READY on IPCAM_BOOT_FD within --health-timeout seconds and
 * then run for --probation seconds; it is then committed.  If it exits
 * first, never reports, or has been started BOOT_MAX_ATTEMPTS times (power
 * cuts during its trial), "current" goes back to the previous slot and
 * the reason is recorded in boot-state, where get_status.cgi shows it.
 *
 * The daemon exits with BOOT_EXIT_RESTART to be started again (a new
 * firmware was switched to).  Other exits end ipcamd-boot with the same
 * status, for the service manager to act on.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "boot_state.h"
#include "log.h"
#include "slots.h"
#include "util.h"

#ifndef IPCAMD_SBINDIR
#define IPCAMD_SBINDIR "/usr/local/sbin"
#endif
#define DEFAULT_FW_DIR "/var/lib/ipcamd/firmware"
#define READY_FD 3

struct boot {
	const char *fw_dir;
	const char *factory;		/* the operating system's ipcamd */
	int health_timeout;		/* seconds to READY */
	int probation;			/* seconds after READY */
	char **args;			/* ipcamd's arguments (after argv[0]) */
	int sfd;			/* signalfd: SIGCHLD, SIGTERM, SIGINT, SIGHUP */
	const char *failpoint;		/* TEST FEATURE */
};

struct run {
	pid_t pid;
	int ready_fd;			/* read end, -1 once closed */
	bool ready;
	bool stopping;			/* we were told to stop */
	int status;			/* waitpid's */
};

static void failpoint(const struct boot *b, const char *name)
{
	if (b->failpoint && !strcmp(b->failpoint, name)) {
		log_warn("TEST FEATURE: failpoint '%s': ipcamd-boot kills itself", name);
		raise(SIGKILL);
	}
}

static void slot_version(const struct boot *b, const char *slot, char *buf, size_t cap)
{
	if (!strcmp(slot, SLOT_FACTORY) || slots_version(b->fw_dir, slot, buf, cap))
		snprintf(buf, cap, "%s", slot);
}

static bool valid_slot(const char *s)
{
	return !strcmp(s, SLOT_A) || !strcmp(s, SLOT_B);
}

/*
 * Back to the slot before the trial, and say why.  -1 when the link could
 * not be switched: the trial stays recorded, out of attempts, for the next
 * start to try again.
 */
static int rollback(const struct boot *b, struct boot_state *s, const char *why)
{
	char from[40], to[40];
	const char *prev = valid_slot(s->previous) ? s->previous : SLOT_FACTORY;
	int rc;

	slot_version(b, s->trial, from, sizeof(from));
	slot_version(b, prev, to, sizeof(to));
	rc = slots_switch(b->fw_dir, strcmp(prev, SLOT_FACTORY) ? prev : NULL);
	if (rc) {
		log_err("cannot switch back from %s to %s: %s", from, to, strerror(-rc));
		s->attempts = BOOT_MAX_ATTEMPTS;
		if (boot_state_write(b->fw_dir, s))
			log_err("cannot write %s/" BOOT_STATE_FILE, b->fw_dir);
		return -1;
	}
	failpoint(b, "boot-rollback");
	snprintf(s->note, sizeof(s->note), "rolled back from %s to %s: %s", from, to, why);
	s->trial[0] = s->previous[0] = '\0';
	s->attempts = 0;
	if (boot_state_write(b->fw_dir, s))
		log_err("cannot write %s/" BOOT_STATE_FILE, b->fw_dir);
	log_err("firmware %s", s->note);
	return 0;
}

static void commit(const struct boot *b, struct boot_state *s)
{
	char from[40], to[40];

	slot_version(b, valid_slot(s->previous) ? s->previous : SLOT_FACTORY, from, sizeof(from));
	slot_version(b, s->trial, to, sizeof(to));
	failpoint(b, "boot-commit");
	snprintf(s->note, sizeof(s->note), "upgraded from %s to %s", from, to);
	s->trial[0] = '\0';
	s->attempts = 0;
	if (boot_state_write(b->fw_dir, s))
		log_err("cannot write %s/" BOOT_STATE_FILE, b->fw_dir);
	log_info("firmware %s: committed", s->note);
}

/*
 * Decide the slot to start from the state: a trial whose switch never
 * happened is forgotten, one out of attempts rolled back.  CUR: the slot.
 * -1 when a rollback failed (nothing is started).
 */
static int choose(const struct boot *b, struct boot_state *s, char *cur, size_t cap)
{
	if (slots_current(b->fw_dir, cur, cap) || (cur[0] && !valid_slot(cur))) {
		log_err("%s/current is not a slot: starting the factory ipcamd", b->fw_dir);
		cur[0] = '\0';
	}
	if (!s->trial[0])
		return 0;
	if (strcmp(s->trial, cur)) {
		/* cut between the trial's record and the switch: the old
		 * version runs, the half-done upgrade is forgotten */
		log_warn("upgrade to %s was not switched to: ignored", s->trial);
		s->trial[0] = '\0';
		s->attempts = 0;
	} else if (s->attempts >= BOOT_MAX_ATTEMPTS) {
		char why[64];

		snprintf(why, sizeof(why), "not healthy in %d starts", s->attempts);
		if (rollback(b, s, why))
			return -1;
		return slots_current(b->fw_dir, cur, cap) ? -1 : 0;
	} else {
		s->attempts++;
	}
	if (boot_state_write(b->fw_dir, s))
		log_err("cannot write %s/" BOOT_STATE_FILE, b->fw_dir);
	return 0;
}

static pid_t spawn(const struct boot *b, const char *cur, int wfd)
{
	char exe[4096], fd[8];
	size_t n = 0;
	char **argv;
	pid_t pid;

	if (cur[0])
		snprintf(exe, sizeof(exe), "%s/%s/sbin/ipcamd", b->fw_dir, cur);
	else
		snprintf(exe, sizeof(exe), "%s", b->factory);
	while (b->args[n])
		n++;
	argv = xcalloc(n + 2, sizeof(*argv));
	argv[0] = exe;
	memcpy(argv + 1, b->args, n * sizeof(*argv));
	pid = fork();
	if (pid == 0) {
		sigset_t none;

		/* the daemon goes with ipcamd-boot (a power cut takes both) */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		/* dup2 onto itself keeps close-on-exec: clear it then */
		if (wfd == READY_FD ? fcntl(wfd, F_SETFD, 0) < 0 : dup2(wfd, READY_FD) < 0)
			_exit(127);
		snprintf(fd, sizeof(fd), "%d", READY_FD);
		setenv("IPCAM_BOOT_FD", fd, 1);
		setenv("IPCAM_BOOT_SLOT", cur[0] ? cur : SLOT_FACTORY, 1);
		setenv("IPCAM_FIRMWARE_DIR", b->fw_dir, 1);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execv(exe, argv);
		fprintf(stderr, "ipcamd-boot: cannot run %s: %s\n", exe, strerror(errno));
		_exit(127);
	}
	free(argv);
	if (pid < 0)
		log_err("fork: %s", strerror(errno));
	else
		log_info("started %s (pid %d)", exe, (int)pid);
	return pid;
}

static double now_s(void)
{
	return mono_now();
}

/* Signals and the READY line until the child exits or THEN passes. */
static bool wait_child(const struct boot *b, struct run *r, double then)
{
	for (;;) {
		struct pollfd pf[2] = {
			{ .fd = b->sfd, .events = POLLIN },
			{ .fd = r->ready_fd, .events = POLLIN },
		};
		int ms = then > 0 ? (int)((then - now_s()) * 1000) + 1 : -1;
		struct signalfd_siginfo si;

		if (then > 0 && ms <= 0)
			return false;
		if (poll(pf, r->ready_fd >= 0 ? 2 : 1, ms) < 0 && errno != EINTR)
			return false;
		if (r->ready_fd >= 0 && (pf[1].revents & (POLLIN | POLLHUP))) {
			char buf[64];
			ssize_t n = read(r->ready_fd, buf, sizeof(buf) - 1);

			if (n > 0) {
				buf[n] = '\0';
				if (strstr(buf, "READY"))
					r->ready = true;
			}
			if (n <= 0 || r->ready) {
				close(r->ready_fd);
				r->ready_fd = -1;
			}
			if (r->ready)
				return false;	/* the caller times the probation */
		}
		while (read(b->sfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGCHLD) {
				if (waitpid(r->pid, &r->status, WNOHANG) == r->pid)
					return true;
				continue;
			}
			/* stop, or SIGHUP (look for the camera again): the daemon's */
			if (si.ssi_signo != SIGHUP)
				r->stopping = true;
			kill(r->pid, (int)si.ssi_signo);
		}
	}
}

static void end_child(const struct boot *b, struct run *r)
{
	double deadline = now_s() + 10;
	bool exited = false;

	kill(r->pid, SIGTERM);
	/* a READY that comes meanwhile does not end the wait */
	while (!exited && now_s() < deadline)
		exited = wait_child(b, r, deadline);
	if (!exited) {
		kill(r->pid, SIGKILL);
		waitpid(r->pid, &r->status, 0);
	}
}

static void describe(int status, bool ready, char *buf, size_t cap)
{
	const char *when = ready ? "during its probation" : "before it was healthy";

	if (WIFSIGNALED(status))
		snprintf(buf, cap, "killed by signal %d %s", WTERMSIG(status), when);
	else
		snprintf(buf, cap, "exited with status %d %s", WEXITSTATUS(status), when);
}

/* One start.  True: start again; false: exit with *CODE. */
static bool boot_once(const struct boot *b, int *code)
{
	struct boot_state s;
	struct run r = { .ready_fd = -1 };
	char cur[64], why[128];
	bool trial, exited;
	int p[2];

	/* the only writer now: nothing runs from a slot */
	boot_state_cleanup(b->fw_dir);
	if (boot_state_read(b->fw_dir, &s))
		log_err("%s/" BOOT_STATE_FILE " is unreadable: starting as committed", b->fw_dir);
	if (choose(b, &s, cur, sizeof(cur))) {
		*code = 1;	/* the service manager starts us again */
		return false;
	}
	trial = s.trial[0] != '\0';
	if (pipe2(p, O_CLOEXEC) < 0) {
		*code = 1;
		return false;
	}
	r.pid = spawn(b, cur, p[1]);
	close(p[1]);
	r.ready_fd = p[0];
	if (r.pid < 0) {
		close(p[0]);
		*code = 1;
		return false;
	}
	exited = wait_child(b, &r, trial ? now_s() + b->health_timeout : 0);
	if (trial && !exited && !r.ready && !r.stopping) {
		end_child(b, &r);
		if (r.ready_fd >= 0)
			close(r.ready_fd);
		snprintf(why, sizeof(why), "not healthy after %d s", b->health_timeout);
		if (rollback(b, &s, why)) {
			*code = 1;
			return false;
		}
		return true;
	}
	if (trial && !exited)
		exited = wait_child(b, &r, now_s() + b->probation);
	if (trial && !exited && !r.stopping) {
		commit(b, &s);
		trial = false;
	}
	if (!exited)
		exited = wait_child(b, &r, 0);
	if (r.ready_fd >= 0)
		close(r.ready_fd);
	if (trial && !r.stopping) {
		describe(r.status, r.ready, why, sizeof(why));
		if (rollback(b, &s, why)) {
			*code = 1;
			return false;
		}
		return true;
	}
	if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == BOOT_EXIT_RESTART && !r.stopping)
		return true;
	*code = WIFEXITED(r.status) ? WEXITSTATUS(r.status) : 128 + WTERMSIG(r.status);
	return false;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: ipcamd-boot [OPTION]... [-- IPCAMD-OPTION...]\n"
		"Start ipcamd from the firmware slot in use, and roll an upgrade back\n"
		"unless it becomes healthy.\n"
		"\n"
		"  -d, --firmware-dir=DIR     the slots (default " DEFAULT_FW_DIR ")\n"
		"  -F, --factory=PATH         the ipcamd of the operating system\n"
		"                             (default " IPCAMD_SBINDIR "/ipcamd)\n"
		"  -t, --health-timeout=SEC   a new firmware reports READY within (60)\n"
		"  -P, --probation=SEC        and then runs this long (10)\n"
		"  -h, --help\n");
}

static bool seconds(const char *s, int *out)
{
	long v;

	if (!parse_long(s, strlen(s), 1, 3600, &v))
		return false;
	*out = (int)v;
	return true;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "firmware-dir", required_argument, NULL, 'd' },
		{ "factory", required_argument, NULL, 'F' },
		{ "health-timeout", required_argument, NULL, 't' },
		{ "probation", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct boot b = {
		.fw_dir = DEFAULT_FW_DIR,
		.factory = IPCAMD_SBINDIR "/ipcamd",
		.health_timeout = 60,
		.probation = 10,
	};
	sigset_t mask;
	int c, code = 0;

	while ((c = getopt_long(argc, argv, "+d:F:t:P:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': b.fw_dir = optarg; break;
		case 'F': b.factory = optarg; break;
		case 't':
			if (!seconds(optarg, &b.health_timeout))
				goto bad;
			break;
		case 'P':
			if (!seconds(optarg, &b.probation))
				goto bad;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (b.fw_dir[0] != '/') {
		fprintf(stderr, "ipcamd-boot: the firmware directory must be absolute\n");
		return 2;
	}
	b.args = argv + optind;
	b.failpoint = getenv("IPCAMD_TEST_FAILPOINT");
	log_set_ident("ipcamd-boot");
	log_init(0, LOG_LVL_INFO);
	if (mkdir(b.fw_dir, 0755) < 0 && errno != EEXIST) {
		log_err("cannot create %s: %s", b.fw_dir, strerror(errno));
		return 1;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	b.sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (b.sfd < 0) {
		log_err("signalfd: %s", strerror(errno));
		return 1;
	}
	while (boot_once(&b, &code))
		;
	return code;
bad:
	fprintf(stderr, "ipcamd-boot: bad number of seconds '%s'\n", optarg);
	return 2;
}
