// SPDX-License-Identifier: GPL-2.0-or-later
#include "addr_watch.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

struct addr_watch {
	int fd;
	uint64_t digest;	/* of the global addresses, in the order listed */
};

/* IPv4, neither loopback nor link-local (169.254/16). */
static bool counted_addr(const struct sockaddr *sa)
{
	uint32_t a;

	if (sa->sa_family != AF_INET)
		return false;
	a = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
	return (a >> 24) != 127 && (a >> 16) != 0xa9fe;
}

/* FNV-1a over the counted addresses the system has now. */
static uint64_t addresses_digest(void)
{
	struct ifaddrs *ifa, *i;
	uint64_t h = 0xcbf29ce484222325ULL;

	if (getifaddrs(&ifa))
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		const unsigned char *p;

		if (!i->ifa_addr || !counted_addr(i->ifa_addr))
			continue;
		p = (const unsigned char *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr;
		for (size_t k = 0; k < 4; k++)
			h = (h ^ p[k]) * 0x100000001b3ULL;
	}
	freeifaddrs(ifa);
	return h;
}

size_t addr_watch_list(char *out, size_t cap)
{
	struct ifaddrs *ifa, *i;
	size_t n = 0, o = 0;

	if (cap)
		out[0] = '\0';
	if (getifaddrs(&ifa))
		return 0;
	for (i = ifa; i; i = i->ifa_next) {
		char text[INET_ADDRSTRLEN];
		int k;

		if (!i->ifa_addr || !counted_addr(i->ifa_addr) ||
		    !inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, text,
			       sizeof(text)))
			continue;
		k = snprintf(out + o, cap - o, "%s%s", n ? " " : "", text);
		if (k < 0 || (size_t)k >= cap - o) {
			out[o] = '\0';
			break;
		}
		o += (size_t)k;
		n++;
	}
	freeifaddrs(ifa);
	return n;
}

struct addr_watch *addr_watch_open(void)
{
	struct sockaddr_nl nl = {
		.nl_family = AF_NETLINK,
		.nl_groups = RTMGRP_IPV4_IFADDR,
	};
	struct addr_watch *w = xcalloc(1, sizeof(*w));

	w->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
	if (w->fd < 0 || bind(w->fd, (struct sockaddr *)&nl, sizeof(nl))) {
		if (w->fd >= 0)
			close(w->fd);
		free(w);
		return NULL;
	}
	w->digest = addresses_digest();
	return w;
}

void addr_watch_close(struct addr_watch *w)
{
	if (!w)
		return;
	close(w->fd);
	free(w);
}

int addr_watch_fd(const struct addr_watch *w)
{
	return w ? w->fd : -1;
}

bool addr_watch_changed(struct addr_watch *w)
{
	char buf[8192];
	uint64_t d;

	if (!w)
		return false;
	/* the events only say "look again": the digest decides */
	while (recv(w->fd, buf, sizeof(buf), 0) > 0)
		;
	d = addresses_digest();
	if (d == w->digest)
		return false;
	w->digest = d;
	return true;
}

enum watch_wake addr_watch_wait(struct addr_watch **w, int wake, double deadline,
				const char *who)
{
	for (;;) {
		struct pollfd pf[2] = {
			{ .fd = wake, .events = POLLIN },
			{ .fd = addr_watch_fd(*w), .events = POLLIN },
		};
		double left = deadline - mono_now();
		int ms = -1;

		if (deadline >= 0) {
			if (left <= 0)
				return WATCH_TIMEOUT;
			ms = left > 86400 ? 86400000 : (int)(left * 1000) + 1;
		}
		if (poll(pf, pf[1].fd >= 0 ? 2 : 1, ms) < 0) {
			if (errno != EINTR)
				sleep(1);	/* never spin */
			continue;
		}
		if (pf[0].revents) {
			uint64_t v;

			if (read(wake, &v, sizeof(v)) < 0 && errno != EAGAIN)
				sleep(1);
			return WATCH_POKE;
		}
		if (pf[1].revents & ~POLLIN) {
			log_warn("%s: the address events failed: no more address changes", who);
			addr_watch_close(*w);
			*w = NULL;
			continue;
		}
		if ((pf[1].revents & POLLIN) && addr_watch_changed(*w))
			return WATCH_ADDRESS;
	}
}
