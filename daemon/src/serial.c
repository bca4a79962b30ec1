// SPDX-License-Identifier: GPL-2.0-or-later
#include "serial.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "settings.h"
#include "settings_table.h"
#include "util.h"

static speed_t speed_of(unsigned int bps)
{
	switch (bps) {
	case 1200: return B1200;
	case 2400: return B2400;
	case 4800: return B4800;
	case 9600: return B9600;
	case 19200: return B19200;
	case 38400: return B38400;
	case 57600: return B57600;
	case 115200: return B115200;
	}
	return B0;
}

int serial_configured(int port)
{
	return port >= 0 && port < SERIAL_PORTS && cfg.serial_port[port] &&
	       cfg.serial_port[port][0];
}

/* Open PORT raw 8N1 at the speed of BAUD_CODE.  fd or -errno. */
static int serial_open(int port, long baud_code)
{
	unsigned int bps = baud_code_speed(baud_code);
	struct termios t;
	int fd;

	if (!serial_configured(port))
		return -ENODEV;
	if (!bps)
		return -EINVAL;
	fd = open(cfg.serial_port[port], O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (tcgetattr(fd, &t) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	cfmakeraw(&t);
	t.c_cflag &= (tcflag_t)~(CSTOPB | PARENB | CSIZE | CRTSCTS);
	t.c_cflag |= CS8 | CLOCAL | CREAD;
	cfsetispeed(&t, speed_of(bps));
	cfsetospeed(&t, speed_of(bps));
	if (tcsetattr(fd, TCSANOW, &t) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int serial_write(int port, long baud_code, const void *data, size_t len)
{
	const char *p = data;
	double deadline = mono_now() + 2.0;
	int fd = serial_open(port, baud_code), rc = 0;

	if (fd < 0)
		return fd;
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w > 0) {
			p += w;
			len -= (size_t)w;
			continue;
		}
		if (w < 0 && errno != EAGAIN && errno != EINTR) {
			rc = -errno;
			break;
		}
		double left = deadline - mono_now();
		struct pollfd pfd = { .fd = fd, .events = POLLOUT };

		if (left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		poll(&pfd, 1, (int)(left * 1000) + 1);
	}
	close(fd);
	return rc;
}

int serial_apply_decoder(void)
{
	long code;
	int fd;

	if (!serial_configured(0))
		return 0;
	settings_lock();
	code = settings_int("decoder_baud");
	settings_unlock();
	fd = serial_open(0, code);
	if (fd < 0) {
		log_warn("decoder port %s: %s", cfg.serial_port[0], strerror(-fd));
		return fd;
	}
	close(fd);
	log_info("decoder port %s at %u baud", cfg.serial_port[0], baud_code_speed(code));
	return 0;
}
