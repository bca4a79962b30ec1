// SPDX-License-Identifier: GPL-2.0-or-later
#include "netop_socket.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "netop_request.h"
#include "util.h"

enum read_end { READ_MARK, READ_FULL, READ_EOF, READ_TIMEOUT, READ_ERROR };

/*
 * Read from FD into BUF[*LEN..CAP) until MARK appears in what was read, BUF
 * is full, the peer closes, or TIMEOUT_MS pass (poll, so a silent peer
 * cannot hold us).
 */
static enum read_end read_until(int fd, char *buf, size_t cap, size_t *len, const char *mark,
				int timeout_ms)
{
	double deadline = mono_now() + timeout_ms / 1000.0;
	size_t mlen = strlen(mark);

	while (*len < cap) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		double left = deadline - mono_now();
		ssize_t n;
		int pr;

		if (left <= 0)
			return READ_TIMEOUT;
		pr = poll(&pfd, 1, (int)(left * 1000) + 1);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			return READ_ERROR;
		if (pr == 0)
			return READ_TIMEOUT;
		n = read(fd, buf + *len, cap - *len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return READ_ERROR;
		if (n == 0)
			return READ_EOF;
		*len += (size_t)n;
		if (memmem(buf, *len, mark, mlen))
			return READ_MARK;
	}
	return READ_FULL;
}

ssize_t netop_read_request(int fd, char *buf, size_t cap, int timeout_ms, char *err,
			   size_t errcap)
{
	size_t len = 0;

	if (cap > NETOP_REQUEST_MAX)
		cap = NETOP_REQUEST_MAX;
	switch (read_until(fd, buf, cap, &len, "\n\n", timeout_ms)) {
	case READ_MARK:
		return (ssize_t)len;
	case READ_FULL:
		snprintf(err, errcap, "request too large (over %d bytes)", NETOP_REQUEST_MAX);
		break;
	case READ_EOF:
		/* the parser says what is missing */
		return (ssize_t)len;
	case READ_TIMEOUT:
		snprintf(err, errcap, "no whole request within %d ms", timeout_ms);
		break;
	case READ_ERROR:
		snprintf(err, errcap, "reading the request: %s", strerror(errno));
		break;
	}
	return -1;
}

int netop_answer(int fd, const char *msg)
{
	char line[600];

	if (msg)
		snprintf(line, sizeof(line), "error: %s\n", msg);
	else
		snprintf(line, sizeof(line), "ok\n");
	return write_full(fd, line, strlen(line));
}

static int connect_to(const char *path, char *err, size_t errcap)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errcap, "socket path too long");
		return -1;
	}
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		snprintf(err, errcap, "cannot connect to %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int netop_client_send(const char *path, const char *text, size_t len, char *err, size_t errcap)
{
	char answer[1024];
	size_t alen = 0;
	enum read_end end;
	char *nl;
	int rc, fd = connect_to(path, err, errcap);

	if (fd < 0)
		return -1;
	rc = write_full(fd, text, len);
	if (rc) {
		snprintf(err, errcap, "cannot send the request: %s", strerror(-rc));
		close(fd);
		return -1;
	}
	/* the server sees the end even of a request cut short */
	shutdown(fd, SHUT_WR);
	end = read_until(fd, answer, sizeof(answer) - 1, &alen, "\n", NETOP_ANSWER_TIMEOUT_MS);
	close(fd);
	answer[alen] = '\0';
	nl = strchr(answer, '\n');
	if (end != READ_MARK || !nl) {
		snprintf(err, errcap, "no answer from %s", path);
		return -1;
	}
	*nl = '\0';
	if (!strcmp(answer, "ok"))
		return 0;
	if (!strncmp(answer, "error: ", 7))
		snprintf(err, errcap, "%s", answer + 7);
	else
		snprintf(err, errcap, "unexpected answer from %s", path);
	return -1;
}
