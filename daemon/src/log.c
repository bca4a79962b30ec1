// SPDX-License-Identifier: GPL-2.0-or-later
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

static const char *log_ident = "ipcamd";
static int log_syslog;
static enum log_level log_max = LOG_LVL_INFO;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

void log_set_ident(const char *ident)
{
	log_ident = ident;
}

void log_init(int use_syslog, enum log_level level)
{
	log_syslog = use_syslog;
	log_max = level;
	if (use_syslog)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

void log_set_level(enum log_level level)
{
	log_max = level;
}

int log_level_parse(const char *s, enum log_level *out)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	for (unsigned int i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcasecmp(s, names[i]) ||
		    (s[0] >= '0' && s[0] <= '3' && s[1] == '\0' &&
		     (unsigned int)(s[0] - '0') == i)) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	if (!strcasecmp(s, "err")) {
		*out = LOG_LVL_ERR;
		return 0;
	}
	if (!strcasecmp(s, "warn")) {
		*out = LOG_LVL_WARN;
		return 0;
	}
	return -1;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };
	static const char *const tag[] = { "error", "warning", "info", "debug" };
	char line[1024];
	va_list ap;

	if (level > log_max)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	/* One line per message: control characters from requests are shown. */
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (log_syslog) {
		syslog(prio[level], "%s", line);
		return;
	}
	pthread_mutex_lock(&log_lock);
	fprintf(stderr, "%s: %s: %s\n", log_ident, tag[level], line);
	fflush(stderr);
	pthread_mutex_unlock(&log_lock);
}
