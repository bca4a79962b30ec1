/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Address changes of the camera, from the kernel (rtnetlink address
 * events), for the network clients that must act on them: DDNS updates the
 * name, UPnP maps the port again.  Each client thread owns a watch and
 * polls its fd next to its own wake-up fd.  Only IPv4 addresses count:
 * both clients work on IPv4 (the dyndns2 A record, the IGD's NAT), and
 * IPv6 privacy addresses, which rotate daily, must not cause updates.
 */
#ifndef IPCAMD_ADDR_WATCH_H
#define IPCAMD_ADDR_WATCH_H

#include <stdbool.h>
#include <stddef.h>

struct addr_watch;

/* A watch, or NULL (no netlink: the clients then only refresh on time). */
struct addr_watch *addr_watch_open(void);
void addr_watch_close(struct addr_watch *w);
/* Readable when the kernel reported an address change. */
int addr_watch_fd(const struct addr_watch *w);
/*
 * Drain the events; true when the set of the camera's IPv4 addresses
 * (neither loopback nor link-local) differs from the last call's.
 */
bool addr_watch_changed(struct addr_watch *w);

/*
 * The camera's IPv4 addresses that addr_watch_changed() counts, as text
 * separated by spaces, in OUT; how many.
 */
size_t addr_watch_list(char *out, size_t cap);

enum watch_wake { WATCH_TIMEOUT, WATCH_POKE, WATCH_ADDRESS };

/*
 * A client thread's wait: until WAKE (an eventfd, drained) is written, an
 * address change of *W, or DEADLINE (mono_now() seconds; < 0: none).  A
 * watch whose socket fails is closed and *W set to NULL (WHO names the
 * client in the log); the wait never spins on an error.
 */
enum watch_wake addr_watch_wait(struct addr_watch **w, int wake, double deadline,
				const char *who);

#endif
