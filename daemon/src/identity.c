// SPDX-License-Identifier: GPL-2.0-or-later
#include "identity.h"

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "settings_table.h"
#include "util.h"

void identity_device_id(const char *configured, char *id, size_t cap)
{
	struct ifaddrs *ifs = NULL, *best = NULL;

	if (configured && configured[0]) {
		size_t i;

		for (i = 0; configured[i] && i + 1 < cap; i++) {
			char c = configured[i];

			id[i] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
		}
		id[i] = '\0';
		return;
	}
	str_copy(id, cap, "000000000000");
	if (getifaddrs(&ifs) < 0)
		return;
	/* first by interface index: the order the kernel created them */
	for (struct ifaddrs *a = ifs; a; a = a->ifa_next) {
		const struct sockaddr_ll *ll;
		int zero = 1;

		if (!a->ifa_addr || a->ifa_addr->sa_family != AF_PACKET ||
		    (a->ifa_flags & IFF_LOOPBACK))
			continue;
		ll = (const struct sockaddr_ll *)a->ifa_addr;
		if (ll->sll_halen != 6)
			continue;
		for (int i = 0; i < 6; i++)
			if (ll->sll_addr[i])
				zero = 0;
		if (zero)
			continue;
		if (!best || ll->sll_ifindex <
		    ((const struct sockaddr_ll *)best->ifa_addr)->sll_ifindex)
			best = a;
	}
	if (best) {
		const unsigned char *m = ((const struct sockaddr_ll *)best->ifa_addr)->sll_addr;

		snprintf(id, cap, "%02X%02X%02X%02X%02X%02X", m[0], m[1], m[2], m[3], m[4], m[5]);
	}
	freeifaddrs(ifs);
}

int identity_random_password(char *out, size_t len)
{
	/* no 0/O, 1/l/I: read off a label or a log without mistakes */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	const size_t n = sizeof(alphabet) - 1;
	size_t i = 0;

	while (i < len) {
		unsigned char r[32];
		ssize_t got = getrandom(r, sizeof(r), 0);

		if (got < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t k = 0; k < got && i < len; k++) {
			/* reject to avoid modulo bias */
			if (r[k] >= 256 - 256 % n)
				continue;
			out[i++] = alphabet[r[k] % n];
		}
		secret_wipe(r, sizeof(r));
	}
	out[len] = '\0';
	return 0;
}

static int write_secret_file(const char *file, const char *pwd)
{
	char tmp[4096];
	int fd;
	size_t len = strlen(pwd);

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", file) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0600) < 0 || write(fd, pwd, len) != (ssize_t)len ||
	    write(fd, "\n", 1) != 1 || fsync(fd) < 0) {
		int e = -errno;

		close(fd);
		unlink(tmp);
		return e ? e : -EIO;
	}
	close(fd);
	if (rename(tmp, file) < 0) {
		int e = -errno;

		unlink(tmp);
		return e;
	}
	return 0;
}

static int password_ok(const char *p)
{
	size_t len = strlen(p);

	return len > 0 && len <= 12 && string_class_ok(SC_TEXT, p, len);
}

int identity_factory_password(const char *file, const char *configured,
			      char *pwd, size_t cap, int *generated)
{
	char buf[64];
	FILE *f;
	int rc;

	*generated = 0;
	if (cap < 13)
		return -1;
	if (configured && configured[0]) {
		if (!password_ok(configured)) {
			log_err("the configured admin password must be 1 to 12 printable "
				"characters without ' \\ ; < > \"");
			return -1;
		}
		str_copy(pwd, cap, configured);
		/* keep the file in step so that restore_factory uses it */
		f = fopen(file, "re");
		if (f) {
			int same = fgets(buf, sizeof(buf), f) &&
				   (buf[strcspn(buf, "\n")] = '\0', !strcmp(buf, pwd));

			fclose(f);
			secret_wipe(buf, sizeof(buf));
			if (same)
				return 0;
		}
		rc = write_secret_file(file, pwd);
		if (rc)
			log_warn("cannot write %s: %s", file, strerror(-rc));
		return 0;
	}
	f = fopen(file, "re");
	if (f) {
		struct stat st;

		if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
			log_warn("%s is readable by others: chmod 600 it", file);
		if (fgets(buf, sizeof(buf), f)) {
			buf[strcspn(buf, "\r\n")] = '\0';
			if (password_ok(buf)) {
				str_copy(pwd, cap, buf);
				secret_wipe(buf, sizeof(buf));
				fclose(f);
				return 0;
			}
		}
		fclose(f);
		secret_wipe(buf, sizeof(buf));
		log_err("%s does not hold a valid password", file);
		return -1;
	}
	if (errno != ENOENT) {
		log_err("cannot read %s: %s", file, strerror(errno));
		return -1;
	}
	if (identity_random_password(pwd, 12)) {
		log_err("no random numbers: %s", strerror(errno));
		return -1;
	}
	rc = write_secret_file(file, pwd);
	if (rc) {
		log_err("cannot write %s: %s", file, strerror(-rc));
		return -1;
	}
	*generated = 1;
	return 0;
}
