// SPDX-License-Identifier: GPL-2.0-or-later
#include "apply.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "settings.h"
#include "util.h"

static const char *const kind_arg[] = { "network", "wifi", "pppoe", "reboot" };

static bool setting_of_kind(const struct setting *st, enum apply_kind kind)
{
	switch (kind) {
	case APPLY_NETWORK:
		return st->apply == AP_NETWORK || st->apply == AP_PORT;
	case APPLY_WIFI:
		return st->apply == AP_WIFI;
	case APPLY_PPPOE:
		return st->apply == AP_PPPOE;
	case APPLY_REBOOT:
		return false;
	}
	return false;
}

char **apply_build_env(enum apply_kind kind)
{
	size_t n = 0, cap = 8;
	char **env = xcalloc(cap, sizeof(*env));

	env[n++] = xstrdup("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	settings_lock();
	for (size_t i = 0; i < settings_count; i++) {
		const struct setting *st = &settings_table[i];
		struct sbuf b;

		if (!setting_of_kind(st, kind))
			continue;
		sbuf_init(&b);
		sbuf_adds(&b, "IPCAM_");
		for (const char *p = st->name; *p; p++)
			sbuf_addc(&b, (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p));
		sbuf_printf(&b, "=%s", settings_get((int)i));
		if (n + 2 >= cap) {
			cap *= 2;
			env = xrealloc(env, cap * sizeof(*env));
		}
		env[n++] = sbuf_detach(&b, NULL);
	}
	if (kind == APPLY_NETWORK) {
		/* an empty address means DHCP */
		env[n++] = xstrdup(settings_str("ip")[0] ? "IPCAM_DHCP=0" : "IPCAM_DHCP=1");
	}
	settings_unlock();
	env[n] = NULL;
	return env;
}

void apply_free_env(char **env)
{
	for (char **e = env; *e; e++) {
		secret_wipe(*e, strlen(*e));
		free(*e);
	}
	free(env);
}

void apply_run(enum apply_kind kind)
{
	char *argv[3];
	char **env;
	pid_t pid;

	if (!cfg.apply_program || !cfg.apply_program[0]) {
		log_info("%s settings stored (no apply_program configured)", kind_arg[kind]);
		return;
	}
	argv[0] = cfg.apply_program;
	argv[1] = (char *)kind_arg[kind];
	argv[2] = NULL;
	env = apply_build_env(kind);
	pid = fork();
	if (pid == 0) {
		/* child: only async-signal-safe calls until execve */
		sigset_t all;
		int fd = open("/dev/null", O_RDWR);

		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		if (fd >= 0) {
			dup2(fd, 0);
			if (fd > 2)
				close(fd);
		}
		execve(argv[0], argv, env);
		_exit(127);
	}
	apply_free_env(env);
	if (pid < 0)
		log_err("cannot run %s: %s", cfg.apply_program, strerror(errno));
	else
		log_info("running %s %s (pid %d)", cfg.apply_program, kind_arg[kind], (int)pid);
}

void apply_reap(void)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			log_info("program (pid %d) succeeded", (int)pid);
		else if (WIFEXITED(status))
			log_warn("program (pid %d) failed with status %d", (int)pid,
				 WEXITSTATUS(status));
		else if (WIFSIGNALED(status))
			log_warn("program (pid %d) killed by signal %d", (int)pid,
				 WTERMSIG(status));
	}
}
