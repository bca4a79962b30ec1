/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Logging: to stderr in the foreground, to syslog otherwise.  Nothing that
 * reaches these functions may contain a password: callers log user names,
 * paths and keys, never values of secret settings or the `pwd` parameter.
 */
#ifndef IPCAMD_LOG_H
#define IPCAMD_LOG_H

/* LOG_LVL_NONE logs nothing (the fuzz harnesses, which call the readers
 * thousands of times a second); it is no level a message is logged at. */
enum log_level { LOG_LVL_NONE = -1, LOG_LVL_ERR, LOG_LVL_WARN, LOG_LVL_INFO, LOG_LVL_DEBUG };

/* The program's name in each line (default "ipcamd"), before log_init(). */
void log_set_ident(const char *ident);
void log_init(int use_syslog, enum log_level level);
void log_set_level(enum log_level level);
int log_level_parse(const char *s, enum log_level *out);
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_LVL_ERR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_LVL_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_LVL_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_LVL_DEBUG, __VA_ARGS__)

#endif
